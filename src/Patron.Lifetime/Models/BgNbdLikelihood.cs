namespace Patron.Lifetime.Models;

/// <summary>The BG/NBD (and MBG/NBD) log-likelihood with its analytic gradient over collapsed rows.</summary>
/// <remarks>
/// BG/NBD, Fader, Hardie &amp; Lee (2005) eq. 6, in log space:
/// L = B(a, b+x)/B(a, b) · Γ(r+x) αʳ / (Γ(r) (α+T)^(r+x)) + [x &gt; 0] B(a+1, b+x−1)/B(a, b) · Γ(r+x) αʳ / (Γ(r) (α+tₓ)^(r+x)).
/// MBG/NBD, Batislam, Denizel &amp; Filiztekin (2007), where a customer may also drop out right after the first purchase:
/// L = B(a, b+x+1)/B(a, b) · Γ(r+x) αʳ / (Γ(r) (α+T)^(r+x)) + B(a+1, b+x)/B(a, b) · Γ(r+x) αʳ / (Γ(r) (α+tₓ)^(r+x)).
/// Every term that depends on x alone (ratios of gamma functions and their digammas) is tabulated once per evaluation
/// by recurrence, so a row costs two logarithms, one exponential and one log1p. Not thread-safe (tables are reused).
/// </remarks>
internal sealed class BgNbdLikelihood
{
    private readonly CalibrationRows _rows;
    private readonly bool _modified;
    private readonly int _parallelRows;
    private readonly double[] _gammaR;
    private readonly double[] _psiR;
    private readonly double[] _gammaB;
    private readonly double[] _psiB;
    private readonly double[] _gammaAb;
    private readonly double[] _psiAb;

    public BgNbdLikelihood(CalibrationRows rows, bool modified, int parallelRows)
    {
        _rows = rows;
        _modified = modified;
        _parallelRows = parallelRows;
        var size = rows.MaxFrequency + 2;
        _gammaR = new double[size];
        _psiR = new double[size];
        _gammaB = new double[size];
        _psiB = new double[size];
        _gammaAb = new double[size];
        _psiAb = new double[size];
    }

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        var r = theta[0];
        var alpha = theta[1];
        var a = theta[2];
        var b = theta[3];
        Tabulate(r, _gammaR, _psiR);
        Tabulate(b, _gammaB, _psiB);
        Tabulate(a + b, _gammaAb, _psiAb);
        return RowSum.Sum(_rows.Count, _parallelRows, gradient, (start, end, g) => Range(start, end, r, alpha, a, b, g));
    }

    // ln Γ(c + j) − ln Γ(c) and ψ(c + j) − ψ(c) for j = 0..size−1 by the recurrences Γ(z+1) = zΓ(z), ψ(z+1) = ψ(z) + 1/z.
    private static void Tabulate(double c, double[] logGamma, double[] psi)
    {
        logGamma[0] = 0.0;
        psi[0] = 0.0;
        for (var j = 1; j < logGamma.Length; j++)
        {
            logGamma[j] = logGamma[j - 1] + Math.Log(c + j - 1);
            psi[j] = psi[j - 1] + 1.0 / (c + j - 1);
        }
    }

    private double Range(int start, int end, double r, double alpha, double a, double b, Span<double> g)
    {
        var xs = _rows.X;
        var txs = _rows.Recency;
        var ts = _rows.Age;
        var ws = _rows.Weights;
        var logAlpha = Math.Log(alpha);
        var logA = Math.Log(a);
        var rOverAlpha = r / alpha;
        var shift = _modified ? 1 : 0;
        var dropoutAfterFirst = _modified;
        double total = 0.0, gr = 0.0, gAlpha = 0.0, ga = 0.0, gb = 0.0;
        for (var i = start; i < end; i++)
        {
            var x = xs[i];
            var w = ws[i];
            var rx = r + x;
            var logT = Math.Log(alpha + ts[i]);
            var xb = x + shift;
            // A2: alive at T. A3 − A2 = ln(a/(b+x−1)) + (r+x) ln((α+T)/(α+tₓ)) (with b+x for MBG/NBD) is the log-odds
            // of "dropped out right after the last purchase", so the row is A2 + softplus(d) and d's sigmoid its weight.
            var ll = _gammaR[x] + r * logAlpha + _gammaB[xb] - _gammaAb[xb] - rx * logT;
            var dr = _psiR[x] + logAlpha - logT;
            var dAlpha = rOverAlpha - rx / (alpha + ts[i]);
            var da = -_psiAb[xb];
            var db = _psiB[xb] - _psiAb[xb];
            if (x > 0 || dropoutAfterFirst)
            {
                var logTx = Math.Log(alpha + txs[i]);
                var d = logA + _gammaB[xb - 1] - _gammaB[xb] + rx * (logT - logTx);
                // softplus(d) = max(d, 0) + ln(1 + e^−|d|). The logarithm is added to ll, so its absolute error matters,
                // and Math.Log(1 + e) is within one ulp of 1 there even when e is tiny: no log1p needed.
                var e = Math.Exp(-Math.Abs(d));
                var inverse = 1.0 / (1.0 + e);
                var softplus = Math.Max(d, 0.0) + Math.Log(1.0 + e);
                var w3 = d > 0.0 ? inverse : e * inverse;

                ll += softplus;
                dr += w3 * (logT - logTx);
                dAlpha += w3 * rx * (1.0 / (alpha + ts[i]) - 1.0 / (alpha + txs[i]));
                da += w3 / a;
                db += w3 * (_psiB[xb - 1] - _psiB[xb]);
            }

            total += w * ll;
            gr += w * dr;
            gAlpha += w * dAlpha;
            ga += w * da;
            gb += w * db;
        }

        g[0] += gr;
        g[1] += gAlpha;
        g[2] += ga;
        g[3] += gb;
        return total;
    }
}
