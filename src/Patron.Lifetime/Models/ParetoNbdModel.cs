using Patron.Learning.Statistics;
using Patron.Lifetime.Numerics;

namespace Patron.Lifetime.Models;

/// <summary>A fitted Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987).</summary>
/// <param name="R">Shape of the gamma distribution of purchase rates λ.</param>
/// <param name="Alpha">Scale of that distribution (time units).</param>
/// <param name="S">Shape of the gamma distribution of dropout rates μ.</param>
/// <param name="Beta">Scale of that distribution (time units).</param>
/// <param name="Fit">How the parameters were estimated, when they were.</param>
public sealed record ParetoNbdModel(double R, double Alpha, double S, double Beta, ModelFit? Fit = null) : ITransactionModel
{
    public string Name => "pareto-nbd";

    public IReadOnlyList<KeyValuePair<string, double>> Parameters =>
        [new("r", R), new("alpha", Alpha), new("s", S), new("beta", Beta)];

    public double LogLikelihood(int x, double recency, double age) =>
        ParetoNbdLikelihood.Row(x, recency, age, R, Alpha, S, Beta, LogGammaRatio(x), 0.0, out _, out _, out _, out _, out _);

    public double ProbabilityAlive(int x, double recency, double age)
    {
        ParetoNbdLikelihood.Row(x, recency, age, R, Alpha, S, Beta, LogGammaRatio(x), 0.0, out _, out _, out _, out _, out var alive);
        return alive;
    }

    /// <remarks>E[X(t)] = rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)] (Schmittlein et al. 1987), with its limit at s = 1.</remarks>
    public double ExpectedPurchases(double t) =>
        t <= 0.0 ? 0.0 : R * Beta / Alpha * GrowthFactor(S, Math.Log(Beta / (Beta + t)));

    /// <remarks>E[Y(t) | x, tₓ, T] = (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive).</remarks>
    public double ConditionalExpectedPurchases(double t, int x, double recency, double age)
    {
        if (t <= 0.0)
        {
            return 0.0;
        }

        var active = (R + x) * (Beta + age) / (Alpha + age) * GrowthFactor(S, Math.Log((Beta + age) / (Beta + age + t)));
        return active * ProbabilityAlive(x, recency, age);
    }

    /// <summary>P(X(t) = n): probability that a new customer makes exactly n purchases in (0, t].</summary>
    /// <remarks>
    /// Conditioning on the dropout time: NB(n; τ) = Γ(r+n)/(Γ(r) n!) (α/(α+τ))ʳ (τ/(α+τ))ⁿ is the count of a customer
    /// active until τ, so P = NB(n; t) (β/(β+t))ˢ + ∫₀ᵗ NB(n; τ) s βˢ/(β+τ)^(s+1) dτ, the integral by composite
    /// Gauss-Legendre quadrature (the integrand is smooth and bounded).
    /// </remarks>
    public double ProbabilityOfPurchases(double t, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (t <= 0.0)
        {
            return n == 0 ? 1.0 : 0.0;
        }

        var logCoefficient = SpecialFunctions.LogGamma(R + n) - SpecialFunctions.LogGamma(R) - SpecialFunctions.LogGamma(n + 1.0);
        double LogCount(double tau) =>
            logCoefficient + R * Math.Log(Alpha / (Alpha + tau)) + (n == 0 ? 0.0 : n * Math.Log(tau / (Alpha + tau)));

        var survived = Math.Exp(LogCount(t) + S * Math.Log(Beta / (Beta + t)));
        var logS = Math.Log(S);
        var died = GaussLegendre.Integrate(
            tau => tau <= 0.0 && n > 0 ? 0.0 : Math.Exp(LogCount(tau) + logS + S * Math.Log(Beta) - (S + 1.0) * Math.Log(Beta + tau)),
            0.0, t, panels: 32);
        return survived + died;
    }

    // [1 − e^((s−1)L)] / (s − 1) for L < 0, continuous through s = 1 where it equals −L.
    private static double GrowthFactor(double s, double logRatio)
    {
        var sm1 = s - 1.0;
        return Math.Abs(sm1) < 1e-12 ? -logRatio : -SpecialFunctions.ExpM1(sm1 * logRatio) / sm1;
    }

    private double LogGammaRatio(int x) => SpecialFunctions.LogGamma(R + x) - SpecialFunctions.LogGamma(R);
}
