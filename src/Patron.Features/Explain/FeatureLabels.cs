using Patron.Features.Registry;
using Patron.Features.Sessions;

namespace Patron.Features.Explain;

/// <summary>Readable names of model inputs: registry descriptions for features, phrases for the lifetime models'
/// outputs (<c>lifetime_p_alive</c>, <c>lifetime_expected_clv_90</c>, ...), session-registry descriptions for session features;
/// any other name is returned as it is.</summary>
public static class FeatureLabels
{
    /// <summary>The readable label of the input <paramref name="name"/>.</summary>
    public static string Of(string name) => LabelAndUnit(name).Label;

    /// <summary>The readable label and the unit (the registry's unit, or share, currency or orders for lifetime outputs;
    /// empty when unknown) of the input <paramref name="name"/>.</summary>
    public static (string Label, string Unit) LabelAndUnit(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith("lifetime_", StringComparison.Ordinal))
        {
            var rest = name["lifetime_".Length..];
            return rest switch
            {
                "p_alive" => ("Probability the customer is still active (BG/NBD)", "share"),
                "expected_spend" => ("Expected spend per order (Gamma-Gamma)", "currency"),
                _ when rest.StartsWith("expected_purchases_", StringComparison.Ordinal) => ($"Expected purchases in the next {rest["expected_purchases_".Length..]} days (BG/NBD)", "orders"),
                _ when rest.StartsWith("p_no_purchase_", StringComparison.Ordinal) => ($"Probability of no purchase in the next {rest["p_no_purchase_".Length..]} days (BG/NBD)", "share"),
                _ when rest.StartsWith("expected_clv_", StringComparison.Ordinal) => ($"Expected value over the next {rest["expected_clv_".Length..]} days (BG/NBD x Gamma-Gamma)", "currency"),
                _ => (rest, ""),
            };
        }

        var feature = FeatureRegistry.Find(name);
        if (feature is null)
        {
            // Session features live in a registry of their own, with names no customer feature uses.
            return SessionFeatureRegistry.Find(name) is { } session ? (SessionFeatureDescriber.Label(session), session.Unit) : (name, "");
        }

        // Registry descriptions are sentences ("Time since the latest purchase."); a label drops the final stop and any
        // clause after a semicolon.
        var description = feature.Description;
        var cut = description.IndexOf(';', StringComparison.Ordinal);
        if (cut > 0)
        {
            description = description[..cut];
        }

        return (description.TrimEnd('.', ' '), feature.Unit);
    }
}
