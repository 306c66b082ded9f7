namespace Patron.Learning.Drift;

/// <summary>Settings of the drift verdict. The defaults are Evidently's default data-drift algorithm (docs/drift.md)
/// with this product's sample-size floors on the distances.</summary>
public sealed record DriftOptions
{
    /// <summary>A column whose reference holds at most this many values is judged by a test (KS or chi-squared),
    /// above it by a distance (normalized Wasserstein or Jensen-Shannon). Evidently: 1,000.</summary>
    public int SmallSampleRows { get; init; } = 1_000;

    /// <summary>A numeric column with at most this many distinct values (both samples together) is judged as a
    /// categorical one. Evidently: 5.</summary>
    public int FewValues { get; init; } = 5;

    /// <summary>Significance level of the tests: drifted when p &lt; this. Evidently: 0.05.</summary>
    public double PValue { get; init; } = 0.05;

    /// <summary>Least threshold of the distances (normalized Wasserstein, Jensen-Shannon, and the PSI reported
    /// beside them): drifted when the distance ≥ max(this, the sampling floor). Evidently: 0.1.</summary>
    public double DistanceThreshold { get; init; } = 0.1;

    /// <summary>The sampling floor of a distance is the value two samples of one distribution exceed with at most this
    /// probability (asymptotically).</summary>
    public double NoiseTail { get; init; } = 0.01;

    /// <summary>Quantile bins of the reference for PSI and Jensen-Shannon on numeric columns.</summary>
    public int Bins { get; init; } = 10;

    /// <summary>Share given to a bin empty on one side in the PSI (as Evidently: 1e-4).</summary>
    public double Epsilon { get; init; } = 1e-4;

    /// <summary>The dataset drifted when at least this share of the judged columns drifted. Evidently: 0.5.</summary>
    public double DatasetShare { get; init; } = 0.5;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(SmallSampleRows);
        ArgumentOutOfRangeException.ThrowIfLessThan(FewValues, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(PValue, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DistanceThreshold);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(NoiseTail);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(NoiseTail, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(Bins, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Epsilon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DatasetShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DatasetShare, 1.0);
    }
}
