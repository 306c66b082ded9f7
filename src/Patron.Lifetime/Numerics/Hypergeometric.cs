using Patron.Learning.Statistics;

namespace Patron.Lifetime.Numerics;

/// <summary>The Gauss hypergeometric function ₂F₁(a, b; c; z) on 0 ≤ z &lt; 1, evaluated in log space.</summary>
/// <remarks>
/// The power series is summed with a running scale so that terms of heavy buyers (a or b in the hundreds), which grow
/// by many orders of magnitude before they decay, neither overflow nor lose the final digits. When c − a − b &lt; 0
/// Euler's transformation ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z) (Abramowitz &amp; Stegun 15.3.3) is used
/// first: the transformed series has small parameters and converges even as z approaches 1. Thread-safe.
/// </remarks>
public static class Hypergeometric
{
    private const int MaxTerms = 2_000_000;
    private const double Rescale = 1e-200;
    private const double Huge = 1e200;

    /// <summary>ln ₂F₁(a, b; c; z) for c &gt; 0, 0 ≤ z &lt; 1 and a positive result.</summary>
    /// <exception cref="ArgumentOutOfRangeException">z is outside [0, 1) or c ≤ 0.</exception>
    /// <exception cref="ArithmeticException">The series did not converge or its value is not positive.</exception>
    public static double Log2F1(double a, double b, double c, double z)
    {
        if (!(z >= 0.0 && z < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "The hypergeometric series needs 0 <= z < 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(c);
        if (z == 0.0)
        {
            return 0.0;
        }

        var prefix = 0.0;
        if (c - a - b < 0.0)
        {
            prefix = (c - a - b) * SpecialFunctions.Log1p(-z);
            (a, b) = (c - a, c - b);
        }

        return prefix + LogSeries(a, b, c, z);
    }

    private static double LogSeries(double a, double b, double c, double z)
    {
        var term = 1.0;
        var sum = 1.0;
        var logScale = 0.0;
        // Before k passes the larger numerator parameter the ratio may still grow, so a tiny early term proves nothing.
        var settled = Math.Max(Math.Max(a, b), 1.0);
        for (var k = 0; k < MaxTerms; k++)
        {
            var ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
            term *= ratio;
            sum += term;
            if (Math.Abs(sum) > Huge)
            {
                sum *= Rescale;
                term *= Rescale;
                logScale -= Math.Log(Rescale);
            }

            // Past the peak the remaining terms are bounded by a geometric series with the current ratio.
            var absRatio = Math.Abs(ratio);
            if (absRatio < 1.0 && k >= settled && Math.Abs(term) <= 1e-17 * Math.Abs(sum) * (1.0 - absRatio))
            {
                break;
            }

            if (term == 0.0)
            {
                break;
            }
        }

        if (!(sum > 0.0))
        {
            throw new ArithmeticException($"2F1({a}, {b}; {c}; {z}) series is not positive.");
        }

        return logScale + Math.Log(sum);
    }
}
