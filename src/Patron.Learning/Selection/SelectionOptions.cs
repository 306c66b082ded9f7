using Patron.Learning.Evaluation;

namespace Patron.Learning.Selection;

/// <summary>How a selection evaluates: folds, seed, resampling of training rows, and early stopping of boosting.</summary>
public sealed record SelectionOptions
{
    /// <summary>Cross-validation folds; below 2 there is no cross-validation.</summary>
    public int Folds { get; init; } = 3;

    /// <summary>Seed of the folds and of the early-stopping slice.</summary>
    public long Seed { get; init; }

    /// <summary>Resampling applied to every training set (each fold's training part and the refit), or null.</summary>
    public IResampler? Resampler { get; init; }

    /// <summary>With an out-of-time split, gradient boosting finds its rounds by early stopping on one in
    /// <see cref="ValidationSlices"/> of the out-of-time fit rows (stratified, seeded) and keeps them for the folds and
    /// the refit; 0 turns this off (every fit grows the learner's rounds).</summary>
    public int ValidationSlices { get; init; } = 5;

    /// <summary>With an out-of-time split and a baseline: add a candidate that blends the best learner with the
    /// baseline (see <see cref="CandidateRole.Blend"/>); it competes like any other and is listed last.</summary>
    public bool BlendWithBaseline { get; init; }

    /// <summary>Words for the rows early stopping holds back from, in the candidate's new description
    /// ("... 86 rounds (early stopping on a fifth of the earlier cutoff, at most 200)").</summary>
    public string ValidationRowsName { get; init; } = "the out-of-time fit rows";
}
