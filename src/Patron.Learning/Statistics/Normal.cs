namespace Patron.Learning.Statistics;

/// <summary>The standard normal distribution: distribution function, survival function and quantile.</summary>
public static class Normal
{
    /// <summary>Φ(z) = P(Z ≤ z).</summary>
    public static double Cdf(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }

        // Φ(z) = Q(1/2, z²/2) / 2 for z < 0, which keeps the far tail's relative accuracy.
        var half = 0.5 * SpecialFunctions.GammaQ(0.5, 0.5 * z * z);
        return z < 0 ? half : 1 - half;
    }

    /// <summary>1 − Φ(z), accurate in the upper tail.</summary>
    public static double Survival(double z) => Cdf(-z);

    /// <summary>The quantile Φ⁻¹(p) for 0 &lt; p &lt; 1 (±∞ at 0 and 1).</summary>
    /// <remarks>A rational first guess (Acklam's) polished by Halley steps on <see cref="Cdf"/>, so the result is as exact as the distribution function.</remarks>
    public static double Quantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1.0);
        if (p == 0)
        {
            return double.NegativeInfinity;
        }

        if (p == 1)
        {
            return double.PositiveInfinity;
        }

        var x = FirstGuess(p);
        for (var i = 0; i < 3; i++)
        {
            var density = Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
            if (density <= 0)
            {
                break;
            }

            // Work on the smaller tail so the difference is not lost to cancellation.
            var error = p < 0.5 ? Cdf(x) - p : (1 - p) - Survival(x);
            var step = error / density;
            x -= step / (1 + 0.5 * x * step);
        }

        return x;
    }

    private static double FirstGuess(double p)
    {
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }

        if (p > 1 - low)
        {
            return -FirstGuess(1 - p);
        }

        var r = p - 0.5;
        var s = r * r;
        return (((((-3.969683028665376e+01 * s + 2.209460984245205e+02) * s - 2.759285104469687e+02) * s + 1.383577518672690e+02) * s - 3.066479806614716e+01) * s + 2.506628277459239e+00) * r
            / (((((-5.447609879822406e+01 * s + 1.615858368580409e+02) * s - 1.556989798598866e+02) * s + 6.680131188771972e+01) * s - 1.328068155288572e+01) * s + 1);
    }
}
