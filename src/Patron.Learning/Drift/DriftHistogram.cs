namespace Patron.Learning.Drift;

/// <summary>The bins a column was compared on (quantile bins of the reference, or categories) with each side's share,
/// for charts.</summary>
/// <param name="Labels">One label per bin: "≤ edge" / "&gt; edge" for numeric bins, the value or category otherwise.</param>
/// <param name="Reference">Share of the reference in each bin (sums to 1).</param>
/// <param name="Current">Share of the current sample in each bin (sums to 1).</param>
public sealed record DriftHistogram(IReadOnlyList<string> Labels, IReadOnlyList<double> Reference, IReadOnlyList<double> Current);
