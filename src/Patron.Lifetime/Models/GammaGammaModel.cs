namespace Patron.Lifetime.Models;

/// <summary>A fitted Gamma-Gamma model of spend per transaction (Fader, Hardie &amp; Lee 2005, "RFM and CLV"; Hardie's note 025).</summary>
/// <param name="P">Shape of the gamma distribution of transaction values around a customer's mean.</param>
/// <param name="Q">Shape of the gamma distribution of customers' mean-value scale ν.</param>
/// <param name="Gamma">Scale of that distribution (currency units).</param>
/// <param name="FrequencySpendCorrelation">
/// Pearson correlation between x and z̄ over the fitted customers. The model assumes spend is independent of frequency;
/// a correlation far from 0 (say |ρ| &gt; 0.3) means its CLV numbers deserve caution. NaN for a model built by hand.
/// </param>
/// <param name="Fit">How the parameters were estimated, when they were.</param>
public sealed record GammaGammaModel(double P, double Q, double Gamma, double FrequencySpendCorrelation = double.NaN, ModelFit? Fit = null)
{
    public IReadOnlyList<KeyValuePair<string, double>> Parameters => [new("p", P), new("q", Q), new("gamma", Gamma)];

    /// <summary>E[Z] = pγ/(q − 1): the expected mean transaction value of a customer with no repeat purchases.</summary>
    /// <exception cref="InvalidOperationException">q ≤ 1: the population mean spend is infinite under the model.</exception>
    public double PopulationMeanSpend()
    {
        if (!(Q > 1.0))
        {
            throw new InvalidOperationException(FormattableString.Invariant(
                $"Gamma-Gamma q = {Q:G4} <= 1: the expected spend of a customer without repeat purchases is infinite; the model does not fit this spend distribution."));
        }

        return P * Gamma / (Q - 1.0);
    }

    /// <summary>E[M | x, z̄] = p(γ + x z̄)/(px + q − 1): expected average transaction value given x repeat transactions with mean z̄.</summary>
    public double ConditionalExpectedSpend(int x, double meanSpend)
    {
        if (x <= 0)
        {
            return PopulationMeanSpend();
        }

        var denominator = P * x + Q - 1.0;
        if (!(denominator > 0.0))
        {
            throw new InvalidOperationException(FormattableString.Invariant($"Gamma-Gamma px + q - 1 = {denominator:G4} <= 0 for x = {x}: the expected spend is infinite."));
        }

        return P * (Gamma + x * meanSpend) / denominator;
    }

    /// <summary>ln f(z̄ | x): the density of the observed mean of x transaction values.</summary>
    public double LogLikelihood(int x, double meanSpend) =>
        GammaGammaLikelihood.Row(x, meanSpend, P, Q, Gamma, out _, out _, out _);
}
