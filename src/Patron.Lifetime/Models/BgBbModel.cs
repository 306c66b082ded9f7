using Patron.Learning.Statistics;

namespace Patron.Lifetime.Models;

/// <summary>A fitted BG/BB model for discrete purchase opportunities (Fader, Hardie &amp; Shang 2010).</summary>
/// <param name="Alpha">Beta distribution of the per-opportunity purchase probability p: first shape.</param>
/// <param name="Beta">Second shape of that distribution.</param>
/// <param name="Gamma">Beta distribution of the per-opportunity dropout probability θ: first shape.</param>
/// <param name="Delta">Second shape of that distribution.</param>
/// <param name="Fit">How the parameters were estimated, when they were.</param>
public sealed record BgBbModel(double Alpha, double Beta, double Gamma, double Delta, ModelFit? Fit = null)
{
    public IReadOnlyList<KeyValuePair<string, double>> Parameters =>
        [new("alpha", Alpha), new("beta", Beta), new("gamma", Gamma), new("delta", Delta)];

    public double LogLikelihood(int x, int recency, int opportunities) =>
        BgBbLikelihood.Row(x, recency, opportunities, Alpha, Beta, Gamma, Delta, out _, out _, out _, out _, out _);

    /// <summary>P(alive at opportunity n + 1 | x, tₓ, n) (FHS 2010 eq. 11).</summary>
    public double ProbabilityAlive(int x, int recency, int opportunities)
    {
        var ll = BgBbLikelihood.Row(x, recency, opportunities, Alpha, Beta, Gamma, Delta, out _, out _, out _, out _, out var logAlive);
        // The "alive after n" term with one more survival step: B(γ, δ+n+1) instead of B(γ, δ+n).
        var step = SpecialFunctions.LogBeta(Gamma, Delta + opportunities + 1) - SpecialFunctions.LogBeta(Gamma, Delta + opportunities);
        return Math.Exp(logAlive + step - ll);
    }

    /// <summary>E[X(n*)]: expected transactions of a new customer in the first n* opportunities (FHS 2010 eq. 7).</summary>
    public double ExpectedPurchases(int opportunities)
    {
        var ratio = SpecialFunctions.LogGamma(Gamma + Delta) - SpecialFunctions.LogGamma(Gamma + Delta + opportunities)
            + SpecialFunctions.LogGamma(1.0 + Delta + opportunities) - SpecialFunctions.LogGamma(1.0 + Delta);
        return Alpha / (Alpha + Beta) * Delta / (Gamma - 1.0) * -SpecialFunctions.ExpM1(ratio);
    }

    /// <summary>E[X(n, n + n*) | x, tₓ, n]: expected transactions in the next n* opportunities (FHS 2010 eq. 13).</summary>
    public double ConditionalExpectedPurchases(int futureOpportunities, int x, int recency, int opportunities)
    {
        var ll = LogLikelihood(x, recency, opportunities);
        var lead = SpecialFunctions.LogBeta(Alpha + x + 1, Beta + opportunities - x) - SpecialFunctions.LogBeta(Alpha, Beta)
            + SpecialFunctions.LogGamma(Gamma + Delta) - SpecialFunctions.LogGamma(1.0 + Delta) - ll;
        var first = SpecialFunctions.LogGamma(1.0 + Delta + opportunities) - SpecialFunctions.LogGamma(Gamma + Delta + opportunities);
        var second = SpecialFunctions.LogGamma(1.0 + Delta + opportunities + futureOpportunities)
            - SpecialFunctions.LogGamma(Gamma + Delta + opportunities + futureOpportunities);
        return Delta / (Gamma - 1.0) * Math.Exp(lead + first) * -SpecialFunctions.ExpM1(second - first);
    }
}
