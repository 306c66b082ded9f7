namespace Patron.Learning.Statistics;

/// <summary>Student's t distribution with ν degrees of freedom (ν may be fractional, as Welch's test gives).</summary>
public static class StudentT
{
    /// <summary>P(T ≤ t).</summary>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        if (double.IsNaN(t))
        {
            return double.NaN;
        }

        if (double.IsInfinity(degreesOfFreedom))
        {
            return Normal.Cdf(t);
        }

        // P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, 1/2).
        var tail = 0.5 * SpecialFunctions.BetaRegularized(degreesOfFreedom / (degreesOfFreedom + t * t), 0.5 * degreesOfFreedom, 0.5);
        return t < 0 ? tail : 1 - tail;
    }

    /// <summary>P(|T| ≥ |t|): the two-sided p-value of a t statistic.</summary>
    public static double TwoSidedPValue(double t, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        if (double.IsNaN(t))
        {
            return double.NaN;
        }

        return double.IsInfinity(degreesOfFreedom)
            ? 2 * Normal.Survival(Math.Abs(t))
            : SpecialFunctions.BetaRegularized(degreesOfFreedom / (degreesOfFreedom + t * t), 0.5 * degreesOfFreedom, 0.5);
    }

    /// <summary>The quantile: the t with P(T ≤ t) = p.</summary>
    /// <remarks>Bracketed bisection refined to the last bit: slow next to a closed form, but called a few times per analysis.</remarks>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1.0);
        if (p == 0.5)
        {
            return 0;
        }

        if (p < 0.5)
        {
            return -Quantile(1 - p, degreesOfFreedom);
        }

        // Upper half: find t > 0 with tail(t) = 1 - p, the tail falling as t grows.
        var target = 2 * (1 - p);
        double lo = 0, hi = Math.Max(1, Normal.Quantile(p));
        while (TwoSidedPValue(hi, degreesOfFreedom) > target)
        {
            lo = hi;
            hi *= 2;
        }

        for (var i = 0; i < 200 && hi - lo > 1e-15 * hi; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (TwoSidedPValue(mid, degreesOfFreedom) > target)
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
}
