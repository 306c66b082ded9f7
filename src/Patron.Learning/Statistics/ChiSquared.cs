namespace Patron.Learning.Statistics;

/// <summary>The chi-squared distribution with k degrees of freedom.</summary>
public static class ChiSquared
{
    /// <summary>P(X ≥ x): the p-value of a chi-squared statistic.</summary>
    public static double Survival(double x, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        return double.IsNaN(x) ? double.NaN : x <= 0 ? 1 : SpecialFunctions.GammaQ(0.5 * degreesOfFreedom, 0.5 * x);
    }

    /// <summary>The x with P(X ≥ x) = <paramref name="tail"/> (bracketed bisection to 1e-12 relative).</summary>
    public static double UpperQuantile(double tail, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tail);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(tail, 1.0);
        double low = 0, high = Math.Max(1.0, degreesOfFreedom);
        while (Survival(high, degreesOfFreedom) > tail)
        {
            high *= 2;
        }

        for (var i = 0; i < 200 && high - low > 1e-12 * high; i++)
        {
            var mid = 0.5 * (low + high);
            if (Survival(mid, degreesOfFreedom) > tail)
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
}
