using Patron.Learning.Statistics;
using Patron.Lifetime.Numerics;

namespace Patron.Lifetime.Models;

/// <summary>A fitted BG/NBD model (Fader, Hardie &amp; Lee 2005) or, with <paramref name="Modified"/>, MBG/NBD (Batislam et al. 2007).</summary>
/// <param name="R">Shape of the gamma distribution of purchase rates λ.</param>
/// <param name="Alpha">Scale of that gamma distribution (in time units).</param>
/// <param name="A">First shape of the beta distribution of dropout probabilities p.</param>
/// <param name="B">Second shape of that beta distribution.</param>
/// <param name="Modified">MBG/NBD: the customer may also drop out right after the first purchase.</param>
/// <param name="Fit">How the parameters were estimated, when they were.</param>
public sealed partial record BgNbdModel(double R, double Alpha, double A, double B, bool Modified = false, ModelFit? Fit = null) : ITransactionModel
{
    public string Name => Modified ? "mbgnbd" : "bgnbd";

    public IReadOnlyList<KeyValuePair<string, double>> Parameters =>
        [new("r", R), new("alpha", Alpha), new("a", A), new("b", B)];

    public double LogLikelihood(int x, double recency, double age)
    {
        var shift = Modified ? 1 : 0;
        var common = SpecialFunctions.LogGamma(R + x) - SpecialFunctions.LogGamma(R) + R * Math.Log(Alpha);
        var logBetaAb = SpecialFunctions.LogBeta(A, B);
        var alive = SpecialFunctions.LogBeta(A, B + x + shift) - logBetaAb - (R + x) * Math.Log(Alpha + age);
        if (x == 0 && !Modified)
        {
            return common + alive;
        }

        var dead = SpecialFunctions.LogBeta(A + 1, B + x + shift - 1) - logBetaAb - (R + x) * Math.Log(Alpha + recency);
        return common + SpecialFunctions.LogAddExp(alive, dead);
    }

    /// <remarks>FHL (2005) eq. 7; for MBG/NBD the same with b + 1 in the hypergeometric and b/(a − 1) in front (one more dropout chance).</remarks>
    public double ExpectedPurchases(double t)
    {
        if (t <= 0.0)
        {
            return 0.0;
        }

        var z = t / (Alpha + t);
        var bb = Modified ? B + 1 : B;
        var lead = Modified ? B / (A - 1) : (A + B - 1) / (A - 1);
        var log2F1 = Hypergeometric.Log2F1(R, bb, A + bb - 1, z);
        return lead * -SpecialFunctions.ExpM1(R * Math.Log(Alpha / (Alpha + t)) + log2F1);
    }

    /// <remarks>FHL (2005) eq. 10: P(alive) times the expectation of an active customer whose posterior is Γ(r+x, α+T), Beta(a, b+x[+1]).</remarks>
    public double ConditionalExpectedPurchases(double t, int x, double recency, double age)
    {
        if (t <= 0.0)
        {
            return 0.0;
        }

        var bb = B + x + (Modified ? 1 : 0);
        var alpha = Alpha + age;
        var z = t / (alpha + t);
        var log2F1 = Hypergeometric.Log2F1(R + x, bb, A + bb - 1, z);
        var active = (A + bb - 1) / (A - 1) * -SpecialFunctions.ExpM1((R + x) * Math.Log(alpha / (alpha + t)) + log2F1);
        return active * ProbabilityAlive(x, recency, age);
    }

    public double ProbabilityAlive(int x, double recency, double age)
    {
        if (x == 0 && !Modified)
        {
            return 1.0;
        }

        var bb = B + x + (Modified ? 1 : 0) - 1;
        // Odds of "dropped out after the last purchase" against "alive": a/(b+x−1) ((α+T)/(α+tₓ))^(r+x) for BG/NBD.
        var logOdds = Math.Log(A / bb) + (R + x) * (Math.Log(Alpha + age) - Math.Log(Alpha + recency));
        return logOdds > 700.0 ? 0.0 : 1.0 / (1.0 + Math.Exp(logOdds));
    }
}
