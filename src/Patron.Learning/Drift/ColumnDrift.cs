namespace Patron.Learning.Drift;

/// <summary>Drift of one column between a reference sample and a current one: every statistic, the one the verdict
/// rests on, its threshold and the verdict.</summary>
/// <remarks>Statistics that do not apply are null: KS and Wasserstein for categorical columns, everything when a side
/// has no value. Immutable.</remarks>
public sealed record ColumnDrift
{
    /// <summary>Column name.</summary>
    public required string Name { get; init; }

    /// <summary>"numeric" or "categorical".</summary>
    public required string Kind { get; init; }

    /// <summary>Non-missing values in the reference (categorical: all rows, missing is a category).</summary>
    public required int ReferenceRows { get; init; }

    /// <summary>Non-missing values in the current sample.</summary>
    public required int CurrentRows { get; init; }

    /// <summary>Population stability index over the bins.</summary>
    public double? Psi { get; init; }

    /// <summary>The PSI two samples of one distribution exceed with probability <see cref="DriftOptions.NoiseTail"/>,
    /// at least <see cref="DriftOptions.DistanceThreshold"/>.</summary>
    public double? PsiThreshold { get; init; }

    /// <summary>Kolmogorov-Smirnov statistic (numeric only).</summary>
    public double? Ks { get; init; }

    /// <summary>Kolmogorov-Smirnov p-value (numeric only).</summary>
    public double? KsPValue { get; init; }

    /// <summary>Wasserstein distance in the column's unit (numeric only).</summary>
    public double? Wasserstein { get; init; }

    /// <summary>Wasserstein distance over max(reference standard deviation, 0.001) (numeric only).</summary>
    public double? WassersteinNormalized { get; init; }

    /// <summary>Jensen-Shannon distance, base 2, over the same bins as the PSI.</summary>
    public double? JensenShannon { get; init; }

    /// <summary>Chi-squared p-value over the bins or categories.</summary>
    public double? ChiSquaredPValue { get; init; }

    /// <summary>The statistic the verdict rests on (a <see cref="DriftMethod"/> name).</summary>
    public required string Method { get; init; }

    /// <summary>That statistic's value.</summary>
    public double? Statistic { get; init; }

    /// <summary>Its threshold: a p-value level for tests (drifted below), a distance for distances (drifted at or above).</summary>
    public double? Threshold { get; init; }

    /// <summary>The verdict.</summary>
    public required bool Drifted { get; init; }

    /// <summary>The bins compared, for charts (null when not judged).</summary>
    public DriftHistogram? Histogram { get; init; }
}
