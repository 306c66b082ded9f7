using Patron.Learning.Statistics;
using Patron.Lifetime.Data;

namespace Patron.Lifetime.Models;

/// <summary>The BG/BB log-likelihood and gradient (Fader, Hardie &amp; Shang 2010, eq. 5).</summary>
/// <remarks>
/// L = B(α+x, β+n−x)/B(α, β) · B(γ, δ+n)/B(γ, δ) + Σᵢ₌₀^(n−tₓ−1) B(α+x, β+tₓ−x+i)/B(α, β) · B(γ+1, δ+tₓ+i)/B(γ, δ),
/// summed in log space. The first term is "alive after opportunity n"; term i is "dropped out right after
/// opportunity tₓ + i".
/// </remarks>
internal sealed class BgBbLikelihood(DiscreteSummary data)
{
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double total = 0.0, g0 = 0.0, g1 = 0.0, g2 = 0.0, g3 = 0.0;
        for (var i = 0; i < data.Count; i++)
        {
            var w = data.Weights[i];
            if (w == 0.0)
            {
                continue;
            }

            total += w * Row(data.Frequency[i], data.Recency[i], data.Opportunities[i], theta[0], theta[1], theta[2], theta[3], out var da, out var db, out var dg, out var dd, out _);
            g0 += w * da;
            g1 += w * db;
            g2 += w * dg;
            g3 += w * dd;
        }

        gradient[0] = g0;
        gradient[1] = g1;
        gradient[2] = g2;
        gradient[3] = g3;
        return total;
    }

    // One history's log-likelihood and gradient; logAlive is the log of the "alive after n" term.
    public static double Row(
        int x, int tx, int n, double alpha, double beta, double gamma, double delta,
        out double dAlpha, out double dBeta, out double dGamma, out double dDelta, out double logAlive)
    {
        var psiA = SpecialFunctions.Digamma(alpha);
        var psiB = SpecialFunctions.Digamma(beta);
        var psiAb = SpecialFunctions.Digamma(alpha + beta);
        var psiG = SpecialFunctions.Digamma(gamma);
        var psiD = SpecialFunctions.Digamma(delta);
        var psiGd = SpecialFunctions.Digamma(gamma + delta);
        var psiAx = SpecialFunctions.Digamma(alpha + x);
        var logBab = SpecialFunctions.LogBeta(alpha, beta);
        var logBgd = SpecialFunctions.LogBeta(gamma, delta);

        logAlive = SpecialFunctions.LogBeta(alpha + x, beta + n - x) - logBab + SpecialFunctions.LogBeta(gamma, delta + n) - logBgd;
        var psiAbn = SpecialFunctions.Digamma(alpha + beta + n);
        var psiGdn = SpecialFunctions.Digamma(gamma + delta + n);
        var ta = psiAx - psiAbn - psiA + psiAb;
        var tb = SpecialFunctions.Digamma(beta + n - x) - psiAbn - psiB + psiAb;
        var tg = psiGd - psiGdn;
        var td = SpecialFunctions.Digamma(delta + n) - psiGdn - psiD + psiGd;

        // Running log-sum-exp with gradient weights: keep the max-shifted sum and the weighted gradient sums.
        var max = logAlive;
        var sum = 1.0;
        double sa = ta, sb = tb, sg = tg, sd = td;
        for (var i = 0; i < n - tx; i++)
        {
            var m = tx + i;
            var log = SpecialFunctions.LogBeta(alpha + x, beta + m - x) - logBab + SpecialFunctions.LogBeta(gamma + 1.0, delta + m) - logBgd;
            var psiAbm = SpecialFunctions.Digamma(alpha + beta + m);
            var psiGdm = SpecialFunctions.Digamma(gamma + delta + 1.0 + m);
            var ua = psiAx - psiAbm - psiA + psiAb;
            var ub = SpecialFunctions.Digamma(beta + m - x) - psiAbm - psiB + psiAb;
            var ug = SpecialFunctions.Digamma(gamma + 1.0) - psiGdm - psiG + psiGd;
            var ud = SpecialFunctions.Digamma(delta + m) - psiGdm - psiD + psiGd;
            if (log > max)
            {
                var rescale = Math.Exp(max - log);
                sum *= rescale;
                sa *= rescale;
                sb *= rescale;
                sg *= rescale;
                sd *= rescale;
                max = log;
            }

            var e = Math.Exp(log - max);
            sum += e;
            sa += e * ua;
            sb += e * ub;
            sg += e * ug;
            sd += e * ud;
        }

        dAlpha = sa / sum;
        dBeta = sb / sum;
        dGamma = sg / sum;
        dDelta = sd / sum;
        return max + Math.Log(sum);
    }
}
