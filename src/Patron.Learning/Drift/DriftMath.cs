namespace Patron.Learning.Drift;

/// <summary>The special functions the drift statistics need: log-gamma, the chi-squared survival function and its
/// inverse.</summary>
/// <remarks>Pure functions, thread-safe. Accuracy about 1e-14 relative for the log-gamma, 1e-13 for the survival
/// function away from underflow.</remarks>
internal static class DriftMath
{
    private const double HalfLogTwoPi = 0.91893853320467274178;
    private const double Epsilon = 1e-16;

    // Lanczos approximation with g = 7 and nine terms (the widely tabulated coefficient set).
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (x >= 10.0)
        {
            // Stirling's series is exact to double precision from 10 on.
            var inv = 1.0 / x;
            var inv2 = inv * inv;
            var series = inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 * (1.0 / 1680.0 - inv2 / 1188.0))));
            return (x - 0.5) * Math.Log(x) - x + HalfLogTwoPi + series;
        }

        if (x < 0.5)
        {
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

    /// <summary>P(X ≥ x) for X chi-squared with <paramref name="degrees"/> degrees of freedom: the regularized upper
    /// incomplete gamma Q(k/2, x/2).</summary>
    public static double ChiSquaredSurvival(double x, double degrees)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degrees);
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        return x <= 0 ? 1.0 : UpperGammaRegularized(0.5 * degrees, 0.5 * x);
    }

    /// <summary>The x with P(X ≥ x) = <paramref name="tail"/> for X chi-squared with <paramref name="degrees"/> degrees
    /// of freedom (bisection to 1e-12 relative).</summary>
    public static double ChiSquaredQuantileUpper(double tail, double degrees)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tail);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(tail, 1.0);
        double low = 0, high = Math.Max(1.0, degrees);
        while (ChiSquaredSurvival(high, degrees) > tail)
        {
            high *= 2;
        }

        for (var i = 0; i < 200 && high - low > 1e-12 * high; i++)
        {
            var mid = 0.5 * (low + high);
            if (ChiSquaredSurvival(mid, degrees) > tail)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return 0.5 * (low + high);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a): the series of P below a + 1, Lentz's continued fraction above.</summary>
    private static double UpperGammaRegularized(double a, double x)
    {
        var logPrefix = a * Math.Log(x) - x - LogGamma(a);
        if (x < a + 1.0)
        {
            double term = 1.0 / a, sum = term;
            for (var n = 1; n < 10_000; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
                {
                    break;
                }
            }

            return Math.Max(0.0, 1.0 - sum * Math.Exp(logPrefix));
        }

        const double Tiny = 1e-300;
        var b = x + 1.0 - a;
        var c = 1.0 / Tiny;
        var d = 1.0 / b;
        var h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if (Math.Abs(d) < Tiny)
            {
                d = Tiny;
            }

            c = b + an / c;
            if (Math.Abs(c) < Tiny)
            {
                c = Tiny;
            }

            d = 1.0 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1.0) < Epsilon)
            {
                break;
            }
        }

        return Math.Exp(logPrefix) * h;
    }
}
