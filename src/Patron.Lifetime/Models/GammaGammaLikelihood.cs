using Patron.Learning.Statistics;

namespace Patron.Lifetime.Models;

/// <summary>The Gamma-Gamma log-likelihood and gradient over (x, z̄) rows.</summary>
/// <remarks>
/// Hardie's note 025 / FHL (2005), per customer with x transactions of mean z̄:
/// ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln z̄ + px ln x − (px+q) ln(γ + x z̄).
/// </remarks>
internal sealed class GammaGammaLikelihood(int[] x, double[] meanSpend, double[] weights)
{
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double total = 0.0, gp = 0.0, gq = 0.0, gg = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var w = weights[i];
            total += w * Row(x[i], meanSpend[i], theta[0], theta[1], theta[2], out var dp, out var dq, out var dg);
            gp += w * dp;
            gq += w * dq;
            gg += w * dg;
        }

        gradient[0] = gp;
        gradient[1] = gq;
        gradient[2] = gg;
        return total;
    }

    public static double Row(int x, double z, double p, double q, double gamma, out double dp, out double dq, out double dGamma)
    {
        var px = p * x;
        var logZ = Math.Log(z);
        var logX = Math.Log(x);
        var scale = gamma + x * z;
        var logScale = Math.Log(scale);
        var psiTotal = SpecialFunctions.Digamma(px + q);
        dp = x * (psiTotal - SpecialFunctions.Digamma(px) + logZ + logX - logScale);
        dq = psiTotal - SpecialFunctions.Digamma(q) + Math.Log(gamma) - logScale;
        dGamma = q / gamma - (px + q) / scale;
        return SpecialFunctions.LogGamma(px + q) - SpecialFunctions.LogGamma(px) - SpecialFunctions.LogGamma(q)
            + q * Math.Log(gamma) + (px - 1.0) * logZ + px * logX - (px + q) * logScale;
    }
}
