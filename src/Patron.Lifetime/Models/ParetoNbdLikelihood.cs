using Patron.Learning.Statistics;

namespace Patron.Lifetime.Models;

/// <summary>The Pareto/NBD log-likelihood with its analytic gradient over collapsed rows.</summary>
/// <remarks>
/// Schmittlein, Morrison &amp; Colombo (1987), in the form of Fader, Hardie &amp; Lee (2005):
/// L = Γ(r+x) αʳ βˢ / Γ(r) · [ M(T) + s (I(tₓ) − I(T)) ], with M(t) = (α+t)^−(r+x) (β+t)^−s (alive at T) and
/// I(t) = ∫ₜ^∞ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ (died between tₓ and T), evaluated through <see cref="ParetoNbdSeries"/>.
/// The bracket is combined in log space; P(alive) is its first share. Not thread-safe (tables are reused).
/// </remarks>
internal sealed class ParetoNbdLikelihood
{
    private readonly CalibrationRows _rows;
    private readonly int _parallelRows;
    private readonly double[] _gammaR;
    private readonly double[] _psiR;

    public ParetoNbdLikelihood(CalibrationRows rows, int parallelRows)
    {
        _rows = rows;
        _parallelRows = parallelRows;
        _gammaR = new double[rows.MaxFrequency + 1];
        _psiR = new double[rows.MaxFrequency + 1];
    }

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        var r = theta[0];
        var alpha = theta[1];
        var s = theta[2];
        var beta = theta[3];
        for (var j = 1; j < _gammaR.Length; j++)
        {
            _gammaR[j] = _gammaR[j - 1] + Math.Log(r + j - 1);
            _psiR[j] = _psiR[j - 1] + 1.0 / (r + j - 1);
        }

        return RowSum.Sum(_rows.Count, _parallelRows, gradient, (start, end, g) =>
        {
            double total = 0.0, gr = 0.0, gAlpha = 0.0, gs = 0.0, gBeta = 0.0;
            var xs = _rows.X;
            for (var i = start; i < end; i++)
            {
                var x = xs[i];
                var w = _rows.Weights[i];
                total += w * Row(x, _rows.Recency[i], _rows.Age[i], r, alpha, s, beta, _gammaR[x], _psiR[x], out var dr, out var da, out var ds, out var db, out _);
                gr += w * dr;
                gAlpha += w * da;
                gs += w * ds;
                gBeta += w * db;
            }

            g[0] += gr;
            g[1] += gAlpha;
            g[2] += gs;
            g[3] += gBeta;
            return total;
        });
    }

    // One customer's log-likelihood and gradient; pAlive is P(alive at T). logGammaRatio = ln Γ(r+x) − ln Γ(r),
    // psiDifference = ψ(r+x) − ψ(r), both tabulated by the caller.
    public static double Row(
        int x, double tx, double age, double r, double alpha, double s, double beta, double logGammaRatio, double psiDifference,
        out double dr, out double dAlpha, out double ds, out double dBeta, out double pAlive)
    {
        var rx = r + x;
        var logAlphaT = Math.Log(alpha + age);
        var logBetaT = Math.Log(beta + age);
        var logM = -rx * logAlphaT - s * logBetaT;
        var logIx = LogIntegral(tx, x, r, alpha, s, beta, out var ixR, out var ixAlpha, out var ixS, out var ixBeta);
        var logIt = LogIntegral(age, x, r, alpha, s, beta, out var itR, out var itAlpha, out var itS, out var itBeta);
        var logS = Math.Log(s);
        var logD = SpecialFunctions.LogSubExp(logIx, Math.Min(logIt, logIx));
        var logK = SpecialFunctions.LogAddExp(logM, logS + logD);
        var wM = Math.Exp(logM - logK);
        var wX = double.IsNegativeInfinity(logD) ? 0.0 : s * Math.Exp(logIx - logK);
        var wT = double.IsNegativeInfinity(logD) ? 0.0 : s * Math.Exp(logIt - logK);
        pAlive = wM;
        dr = psiDifference + Math.Log(alpha) + wM * -logAlphaT + wX * ixR - wT * itR;
        dAlpha = r / alpha + wM * (-rx / (alpha + age)) + wX * ixAlpha - wT * itAlpha;
        ds = Math.Log(beta) + wM * -logBetaT + wX * ixS - wT * itS + (1.0 - wM) / s;
        dBeta = s / beta + wM * (-s / (beta + age)) + wX * ixBeta - wT * itBeta;
        return logGammaRatio + r * Math.Log(alpha) + s * Math.Log(beta) + logK;
    }

    // ln I(t) and its partial derivatives; see ParetoNbdSeries for the representation.
    private static double LogIntegral(double t, int x, double r, double alpha, double s, double beta, out double dr, out double dAlpha, out double ds, out double dBeta)
    {
        var rx = r + x;
        var total = rx + s;
        var alphaT = alpha + t;
        var betaT = beta + t;
        var logAlphaT = Math.Log(alphaT);
        var logBetaT = Math.Log(betaT);
        var value = -rx * logAlphaT - s * logBetaT - Math.Log(total);
        dr = -logAlphaT - 1.0 / total;
        ds = -logBetaT - 1.0 / total;
        dAlpha = -rx / alphaT;
        dBeta = -s / betaT;
        if (alpha >= beta)
        {
            var z = (alpha - beta) / alphaT;
            value += ParetoNbdSeries.Evaluate(rx, total + 1.0, z, out var su, out var sc, out var sz);
            dr += su + sc;
            ds += sc;
            dAlpha += sz * betaT / (alphaT * alphaT);
            dBeta -= sz / alphaT;
        }
        else
        {
            var z = (beta - alpha) / betaT;
            value += logAlphaT - logBetaT + ParetoNbdSeries.Evaluate(s + 1.0, total + 1.0, z, out var su, out var sc, out var sz);
            dr += sc;
            ds += su + sc;
            dAlpha += 1.0 / alphaT - sz / betaT;
            dBeta += -1.0 / betaT + sz * alphaT / (betaT * betaT);
        }

        return value;
    }
}
