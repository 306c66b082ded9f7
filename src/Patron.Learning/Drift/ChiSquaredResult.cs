namespace Patron.Learning.Drift;

/// <summary>Pearson's chi-squared test of homogeneity on the 2 × K table of category counts (reference, current),
/// without continuity correction.</summary>
/// <param name="Statistic">Σ (observed − expected)² / expected over the cells of categories seen on either side.</param>
/// <param name="Degrees">K − 1, where K counts the categories seen on either side.</param>
/// <param name="PValue">P(χ²(K − 1) ≥ statistic); 1 when K ≤ 1.</param>
public readonly record struct ChiSquaredResult(double Statistic, int Degrees, double PValue);
