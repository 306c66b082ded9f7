using Patron.Learning.Statistics;

namespace Patron.Learning.Experiments;

/// <summary>Sample size, power and minimum detectable effect of a two-sided two-sample test, by the normal approximation.</summary>
/// <remarks>
/// As statsmodels' <c>NormalIndPower</c>: with standardized effect d = δ/σ, arms n₁ and n₂ = ratio·n₁ and
/// n = 1/(1/n₁ + 1/n₂), power = P(Z &gt; z_{1−α/2} − d√n) + P(Z &lt; −z_{1−α/2} − d√n). Sizes are solved for by
/// bisection on that exact expression (both tails), so they match the reference to its own precision. A CUPED
/// covariate with correlation ρ shrinks σ² to σ²(1 − ρ²), which is how the variance reduction enters.
/// </remarks>
public static class PowerAnalysis
{
    /// <summary>The power of the test for standardized effect <paramref name="effectSize"/> with <paramref name="firstArm"/> units in the first arm.</summary>
    public static double Power(double effectSize, double firstArm, double alpha = 0.05, double ratio = 1)
    {
        Check(alpha, ratio);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstArm);
        var n = 1 / (1 / firstArm + 1 / (ratio * firstArm));
        var critical = Normal.Quantile(1 - alpha / 2);
        var shift = Math.Abs(effectSize) * Math.Sqrt(n);
        return Normal.Survival(critical - shift) + Normal.Cdf(-critical - shift);
    }

    /// <summary>The units needed in the first arm (fractional; round up to plan) to reach <paramref name="power"/>.</summary>
    public static double SampleSize(double effectSize, double alpha = 0.05, double power = 0.8, double ratio = 1)
    {
        Check(alpha, ratio);
        CheckPower(power, alpha);
        if (effectSize == 0 || !double.IsFinite(effectSize))
        {
            throw new ArgumentOutOfRangeException(nameof(effectSize), effectSize, "The effect to detect must be a finite number other than 0.");
        }

        double lo = 1e-9, hi = 2;
        while (Power(effectSize, hi, alpha, ratio) < power)
        {
            lo = hi;
            hi *= 2;
        }

        return Bisect(lo, hi, n => Power(effectSize, n, alpha, ratio) < power);
    }

    /// <summary>The smallest standardized effect detectable with <paramref name="firstArm"/> units in the first arm.</summary>
    public static double MinimumDetectableEffect(double firstArm, double alpha = 0.05, double power = 0.8, double ratio = 1)
    {
        Check(alpha, ratio);
        CheckPower(power, alpha);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstArm);
        double lo = 0, hi = 1;
        while (Power(hi, firstArm, alpha, ratio) < power)
        {
            lo = hi;
            hi *= 2;
        }

        return Bisect(lo, hi, d => Power(d, firstArm, alpha, ratio) < power);
    }

    // Moves the lower end while the predicate holds; returns the boundary to the last representable step.
    private static double Bisect(double lo, double hi, Func<double, bool> below)
    {
        for (var i = 0; i < 300 && hi - lo > 1e-13 * hi; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (below(mid))
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    private static void Check(double alpha, double ratio)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The significance level must lie strictly between 0 and 1.");
        }

        if (!(ratio > 0) || !double.IsFinite(ratio))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The ratio of the arms must be a positive number.");
        }
    }

    private static void CheckPower(double power, double alpha)
    {
        if (!(power > alpha && power < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(power), power, "The power must lie between the significance level and 1.");
        }
    }
}
