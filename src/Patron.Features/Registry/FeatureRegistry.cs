namespace Patron.Features.Registry;

/// <summary>
/// Every column of <c>gold.customer_features</c>, in table order, with its group, meaning, formula, unit and the data it
/// needs. The feature kernel (<c>Build/Kernel</c>) and the population-wide SQL files compute exactly these columns; <c>docs/features.md</c> and <c>patron features --list</c> are
/// generated from here.
/// </summary>
/// <remarks>
/// Time semantics shared by all features: the cutoff is a date; only rows with <c>ordered_at &lt; cutoff</c> (00:00 of
/// that day) count. "Days before" a row is <c>date_diff('day', date of the row, cutoff)</c>, so an order on the day
/// before the cutoff is 1 day before it. "Last N days" means days before 1 to N. Purchases are orders with
/// <c>is_purchase</c>; return documents are orders with <c>is_cancellation</c> and not <c>is_purchase</c>, whose
/// negative line amounts are subtracted. Lines flagged <c>is_outlier</c> are left out of every amount and unit; non-product
/// lines (postage, fees) count in money but not in units or product affinity.
/// </remarks>
public static partial class FeatureRegistry
{
    /// <summary>The groups in the order their columns appear.</summary>
    public static IReadOnlyList<FeatureGroup> Groups { get; } =
    [
        new("behaviour", "Orders, money, units, gaps, tenure, returns, discounts and payment methods."),
        new("rfm", "Recency, frequency, monetary value, quintile scores, the RFM cell and the named segment.", PopulationWide: true),
        new("affinity", "Breadth and concentration of spend over categories and brands."),
        new("time", "Quarterly spend, weekday and hour habits, rolling windows and acceleration."),
        new("experience", "Reviews, delivery times and installments, where the source has them."),
        new("sessions", "Web sessions of the customer, where the source has them."),
        new("attributes", "Who the customer is: age band, country, channel, e-mail domain class."),
        new("interactions", "Products and ratios of other features that models use directly."),
        new("cross_category", "The category the customer most likely buys next, from co-purchase rates.", PopulationWide: true),
    ];

    /// <summary>Every feature, in column order.</summary>
    public static IReadOnlyList<FeatureDefinition> All { get; } = Build();

    /// <summary>The feature named <paramref name="name"/>, or null.</summary>
    public static FeatureDefinition? Find(string name)
    {
        foreach (var feature in All)
        {
            if (string.Equals(feature.Name, name, StringComparison.Ordinal))
            {
                return feature;
            }
        }

        return null;
    }

    /// <summary>The features of one group, in column order.</summary>
    public static IReadOnlyList<FeatureDefinition> InGroup(string group)
    {
        var list = new List<FeatureDefinition>();
        foreach (var feature in All)
        {
            if (string.Equals(feature.Group, group, StringComparison.Ordinal))
            {
                list.Add(feature);
            }
        }

        return list;
    }

    private static FeatureDefinition[] Build()
    {
        var list = new List<FeatureDefinition>(96);
        AddBehaviour(list);
        AddRfm(list);
        AddAffinity(list);
        AddTime(list);
        AddExperience(list);
        AddSessions(list);
        AddAttributes(list);
        AddInteractions(list);
        AddCrossCategory(list);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in list)
        {
            if (!names.Add(feature.Name))
            {
                throw new InvalidOperationException($"Feature '{feature.Name}' is registered twice.");
            }
        }

        return [.. list];
    }

    private const FeatureSources OrderLines = FeatureSources.Orders | FeatureSources.Lines;
}
