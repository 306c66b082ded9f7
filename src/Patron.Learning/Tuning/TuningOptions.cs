using Patron.Learning.Evaluation;

namespace Patron.Learning.Tuning;

/// <summary>Options shared by <see cref="RandomSearch"/> and <see cref="SuccessiveHalving"/>.</summary>
public sealed record TuningOptions
{
    /// <summary>The <see cref="MetricSet"/> key to optimize (direction from <see cref="MetricSet.HigherIsBetter"/>).</summary>
    public string Metric { get; init; } = "roc_auc";

    /// <summary>Candidates drawn from the space.</summary>
    public int Candidates { get; init; } = 20;

    /// <summary>Cross-validation folds per evaluation.</summary>
    public int Folds { get; init; } = 3;

    /// <summary>Seed of the draws, folds and subsamples.</summary>
    public long Seed { get; init; }

    /// <summary>Applied to each training fold only; <c>null</c> for none.</summary>
    public IResampler? Resampler { get; init; }

    /// <summary>Successive halving keeps the best 1/η candidates per rung and multiplies the rows by η.</summary>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>Fewest rows successive halving evaluates a candidate on.</summary>
    public int MinRows { get; init; } = 200;

    public void Validate()
    {
        _ = MetricSet.HigherIsBetter(Metric);
        ArgumentOutOfRangeException.ThrowIfLessThan(Candidates, 1, nameof(Candidates));
        ArgumentOutOfRangeException.ThrowIfLessThan(Folds, 2, nameof(Folds));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReductionFactor, 2, nameof(ReductionFactor));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinRows, 2, nameof(MinRows));
    }
}
