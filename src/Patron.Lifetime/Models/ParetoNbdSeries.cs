namespace Patron.Lifetime.Models;

/// <summary>The series S(u, c, z) = Σₖ (u)ₖ/(c)ₖ zᵏ behind the Pareto/NBD likelihood, with the derivatives of ln S.</summary>
/// <remarks>
/// The Pareto/NBD integral ∫ₜ^∞ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ equals (max(α,β)+t)^−(r+s+x)/(r+s+x) ·
/// ₂F₁(r+s+x, b; r+s+x+1; z) with z = |α−β|/(max(α,β)+t) (Schmittlein, Morrison &amp; Colombo 1987; Fader &amp; Hardie's
/// note on the Pareto/NBD likelihood). Euler's transformation turns that ₂F₁ into (1−z)^(1−b) S(c−b, c, z) with
/// c = r+s+x+1: a series of positive, monotonically decreasing terms whose ratio never exceeds z, so it neither
/// overflows for heavy buyers nor cancels. Its term-wise derivatives give the analytic gradient.
/// </remarks>
internal static class ParetoNbdSeries
{
    private const int MaxTerms = 200_000;

    /// <summary>Returns ln S; <paramref name="dU"/>, <paramref name="dC"/>, <paramref name="dZ"/> are ∂ln S/∂u, ∂c, ∂z.</summary>
    public static double Evaluate(double u, double c, double z, out double dU, out double dC, out double dZ)
    {
        var term = 1.0;
        var sum = 1.0;
        var sumU = 0.0;
        var sumC = 0.0;
        var sumZ = 0.0;
        var harmonicU = 0.0;
        var harmonicC = 0.0;
        var tailFactor = 1.0 / ((1.0 - z) * (1.0 - z));
        for (var k = 0; k < MaxTerms; k++)
        {
            var step = (u + k) / (c + k);
            // ∂T(k+1)/∂z = (k+1) T(k+1)/z = (k+1) T(k) · step, which stays defined at z = 0.
            sumZ += (k + 1) * term * step;
            term *= step * z;
            harmonicU += 1.0 / (u + k);
            harmonicC += 1.0 / (c + k);
            sum += term;
            sumU += term * harmonicU;
            sumC += term * harmonicC;
            if (term * (k + 2) * (1.0 + harmonicU + harmonicC) * tailFactor <= 1e-16 * sum)
            {
                break;
            }
        }

        dU = sumU / sum;
        dC = -sumC / sum;
        dZ = sumZ / sum;
        return Math.Log(sum);
    }
}
