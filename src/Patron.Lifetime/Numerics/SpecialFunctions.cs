namespace Patron.Lifetime.Numerics;

/// <summary>Log-gamma, digamma, log-beta and log-space sums, accurate to about 1e-14 relative for positive arguments.</summary>
/// <remarks>Pure functions, thread-safe. Arguments must be positive (the models only need the positive half-line).</remarks>
public static class SpecialFunctions
{
    // Lanczos coefficients for g = 7, n = 9 (Godfrey's set, as tabulated in Numerical Recipes 3rd ed. and Wikipedia).
    private static readonly double[] Lanczos =
    [
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    private const double HalfLogTwoPi = 0.91893853320467274178;

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (x >= 10.0)
        {
            // Stirling's series: the Lanczos sum loses digits to cancellation only for small x, but the series
            // is cheaper and more accurate once x is moderately large.
            var inv = 1.0 / x;
            var inv2 = inv * inv;
            var series = inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 * (1.0 / 1680.0 - inv2 / 1188.0))));
            return (x - 0.5) * Math.Log(x) - x + HalfLogTwoPi + series;
        }

        if (x < 0.5)
        {
            // Reflection keeps the Lanczos sum in its accurate range; ln Γ(x) = ln Γ(x + 1) − ln x for 0 < x < 0.5.
            return LogGamma(x + 1.0) - Math.Log(x);
        }

        var z = x - 1.0;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++)
        {
            sum += Lanczos[i] / (z + i);
        }

        var t = z + 7.5;
        return HalfLogTwoPi + (z + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>ψ(x) = d/dx ln Γ(x) for x &gt; 0.</summary>
    public static double Digamma(double x)
    {
        var result = 0.0;
        while (x < 10.0)
        {
            result -= 1.0 / x;
            x += 1.0;
        }

        var inv = 1.0 / x;
        var inv2 = inv * inv;
        // Asymptotic expansion ψ(x) ~ ln x − 1/(2x) − Σ B_2k / (2k x^2k).
        result += Math.Log(x) - 0.5 * inv
            - inv2 * (1.0 / 12.0 - inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 * (1.0 / 132.0)))));
        return result;
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b &gt; 0.</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>ln(e^a + e^b) without overflow.</summary>
    public static double LogAddExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        return a > b ? a + Log1p(Math.Exp(b - a)) : b + Log1p(Math.Exp(a - b));
    }

    /// <summary>ln(e^a − e^b) for a ≥ b; −∞ when a = b.</summary>
    public static double LogSubExp(double a, double b)
    {
        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        var d = b - a;
        return d >= 0.0 ? double.NegativeInfinity : a + Math.Log(-ExpM1(d));
    }

    /// <summary>ln(1 + x), accurate for small |x| (the BCL's LogP1 is computed as Log(x + 1)).</summary>
    public static double Log1p(double x)
    {
        var u = 1.0 + x;
        // Kahan's trick: the rounding error of 1 + x cancels in the ratio.
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>e^x − 1, accurate for small |x|.</summary>
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) > 0.5)
        {
            return Math.Exp(x) - 1.0;
        }

        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        return (u - 1.0) * x / Math.Log(u);
    }
}
