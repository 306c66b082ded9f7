namespace Patron.Features.Early;

/// <summary>Names of the gold tables of the early-high-value task.</summary>
public static class EarlyTables
{
    /// <summary>One row per cohort customer and cutoff: <see cref="EarlyFeatureRegistry.All"/>.</summary>
    public const string Features = "early_features";

    /// <summary>One row per cohort customer, cutoff and horizon: future_spend, top5, top25.</summary>
    public const string Labels = "early_labels";
}
