using Patron.Learning.Statistics;

namespace Patron.Learning.Drift;

/// <summary>Sampling floors of the drift distances: the value two independent samples of one distribution, of the
/// given sizes, exceed with probability <c>tail</c> (asymptotically). A distance below its floor cannot be told from
/// sampling noise, so the verdict's threshold is the larger of the floor and the fixed threshold (docs/drift.md).</summary>
/// <remarks>Pure functions, thread-safe.</remarks>
public static class DriftThresholds
{
    /// <summary>PSI floor: under no drift (n1⁻¹ + n2⁻¹)⁻¹·PSI tends to χ² with bins − 1 degrees of freedom
    /// (Yurdakul 2018, "Statistical properties of population stability index"), so the floor is
    /// χ²_{1−tail}(bins − 1)·(1/n1 + 1/n2).</summary>
    public static double PsiFloor(int bins, int n1, int n2, double tail) =>
        bins < 2 || n1 <= 0 || n2 <= 0 ? 0.0 : ChiSquared.UpperQuantile(tail, bins - 1) * (1.0 / n1 + 1.0 / n2);

    /// <summary>Jensen-Shannon distance floor: the divergence in nats is ⅛ Σ (r − c)² / m to second order, the same
    /// χ² form as the PSI over 8, so the floor is √(χ²_{1−tail}(bins − 1)·(1/n1 + 1/n2) / (8 ln 2)) in base 2.</summary>
    public static double JensenShannonFloor(int bins, int n1, int n2, double tail) =>
        Math.Sqrt(PsiFloor(bins, n1, n2, tail) / (8 * Math.Log(2)));

    /// <summary>Normalized Wasserstein floor: √(n1·n2 / (n1 + n2))·W tends to ∫ |B(F(x))| dx for a Brownian bridge B,
    /// whose mean is √(2/π)·I with I = ∫ √(F(1 − F)) dx and whose upper tail is bounded by exp(−u² / (2 I²))
    /// (Borell-TIS), so the floor is (√(2/π) + √(2 ln(1/tail)))·I·√(1/n1 + 1/n2), here with I already divided by
    /// the reference's standard deviation.</summary>
    /// <param name="scale">I / σ of the reference (<see cref="TwoSampleStatistics.WassersteinNoiseScale"/> over the
    /// standard deviation).</param>
    /// <param name="n1">Reference values.</param>
    /// <param name="n2">Current values.</param>
    /// <param name="tail">Probability of exceeding the floor under no drift.</param>
    public static double WassersteinFloor(double scale, int n1, int n2, double tail) =>
        n1 <= 0 || n2 <= 0 ? 0.0 : (Math.Sqrt(2 / Math.PI) + Math.Sqrt(2 * Math.Log(1 / tail))) * scale * Math.Sqrt(1.0 / n1 + 1.0 / n2);
}
