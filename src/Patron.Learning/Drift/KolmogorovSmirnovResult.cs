namespace Patron.Learning.Drift;

/// <summary>The two-sample Kolmogorov-Smirnov test: the largest distance between the two empirical distribution
/// functions and the probability of one at least as large when both samples come from one continuous distribution.</summary>
/// <param name="Statistic">D = sup |F_reference(x) − F_current(x)|, in [0, 1].</param>
/// <param name="PValue">P(D ≥ observed) under the null, two-sided.</param>
/// <param name="Exact">Whether the p-value is the exact lattice-path count (both samples of at most 10,000 rows) or
/// the large-sample distribution.</param>
public readonly record struct KolmogorovSmirnovResult(double Statistic, double PValue, bool Exact);
