using Patron.Learning.Evaluation;
using Patron.Learning.Trees;

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

    /// <summary>Cross-validate every learner (true), or, when the problem has an out-of-time split (which alone decides
    /// the choice), only the chosen learner, after the choice and beside its refit (false): the other learners'
    /// cross-validation is then null. Without an out-of-time split every learner is always cross-validated.</summary>
    public bool CrossValidateEvery { get; init; } = true;

    /// <summary>With <see cref="CrossValidateEvery"/> off and an out-of-time split: whether the chosen learner is still
    /// cross-validated (true), or no learner is (false), which saves the folds' fits, the largest part of a selection
    /// after the choice. A chosen blend's learner is cross-validated either way: its calibration reads the folds.</summary>
    public bool CrossValidateChosen { get; init; } = true;

    /// <summary>Independent fits (candidates out of time, folds, refit) run side by side on up to this many threads; -1
    /// uses every core, 1 runs them one after the other. The results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Bins shared with other selections over the same matrices (the tasks of a run that read the same
    /// cutoffs), so each column is binned once for all of them; null: the selection bins its matrices for itself. The
    /// bins read feature values only, so the results are the same either way.</summary>
    public SharedBins? Bins { get; init; }

    /// <summary>When the chosen candidate has no model of its own (a baseline or a scorer), <see cref="CandidateSelection.Run"/>
    /// also refits the best learner beside the rest and returns it as <see cref="SelectionOutcome.BestLearnerModel"/>
    /// (it explains the scores).</summary>
    public bool RefitBestLearnerToExplain { get; init; }
}
