using Patron.Learning.Statistics;

namespace Patron.Lifetime.Models;

public sealed partial record BgNbdModel
{
    /// <summary>P(X(t) = n): probability that a new customer makes exactly n repeat purchases in (0, t].</summary>
    /// <remarks>
    /// FHL (2005) eq. 8: B(a, b+n)/B(a, b) · NB(n) + [n &gt; 0] B(a+1, b+n−1)/B(a, b) · P(NB ≥ n), where NB is the
    /// negative binomial count of an immortal customer, NB(j) = Γ(r+j)/(Γ(r) j!) (α/(α+t))ʳ (t/(α+t))ʲ. For MBG/NBD b
    /// becomes b + 1 and the dropout term includes n = 0.
    /// </remarks>
    public double ProbabilityOfPurchases(double t, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (t <= 0.0)
        {
            return n == 0 ? 1.0 : 0.0;
        }

        var shift = Modified ? 1 : 0;
        var logBetaAb = SpecialFunctions.LogBeta(A, B);
        var logP = Math.Log(t / (Alpha + t));
        var logQ = R * Math.Log(Alpha / (Alpha + t));
        var alive = Math.Exp(SpecialFunctions.LogBeta(A, B + n + shift) - logBetaAb + LogNegativeBinomial(n, logP, logQ));
        if (n == 0 && !Modified)
        {
            return alive;
        }

        var dead = Math.Exp(SpecialFunctions.LogBeta(A + 1, B + n + shift - 1) - logBetaAb);
        return alive + dead * NegativeBinomialTail(n, t / (Alpha + t), logP, logQ);
    }

    private double LogNegativeBinomial(int j, double logP, double logQ) =>
        SpecialFunctions.LogGamma(R + j) - SpecialFunctions.LogGamma(R) - SpecialFunctions.LogGamma(j + 1.0) + logQ + j * logP;

    // P(NB ≥ n). Summing the smaller side avoids the cancellation of 1 − CDF when the tail is tiny.
    private double NegativeBinomialTail(int n, double p, double logP, double logQ)
    {
        if (n == 0)
        {
            return 1.0;
        }

        var term = Math.Exp(logQ);
        var below = 0.0;
        for (var j = 0; j < n; j++)
        {
            below += term;
            term *= (R + j) / (j + 1.0) * p;
        }

        if (below < 0.5)
        {
            return 1.0 - below;
        }

        var tail = 0.0;
        term = Math.Exp(LogNegativeBinomial(n, logP, logQ));
        for (var j = n; j < n + 10_000_000; j++)
        {
            tail += term;
            var ratio = (R + j) / (j + 1.0) * p;
            term *= ratio;
            if (ratio < 1.0 && term <= 1e-17 * tail * (1.0 - ratio))
            {
                break;
            }
        }

        return tail;
    }
}
