namespace Patron.Features.Build;

/// <summary>Names of the gold tables the feature build writes.</summary>
public static class GoldTables
{
    public const string CustomerFeatures = "customer_features";
    public const string CustomerLabels = "customer_labels";
    public const string CrossCategory = "cross_category";
    public const string RfmSegments = "rfm_segments";

    /// <summary>Lifetime-model outputs per customer, cutoff and horizon (<see cref="Lifetime.LifetimeScores"/>).</summary>
    public const string CustomerLifetime = "customer_lifetime";

    /// <summary>The lifetime models' parameters per cutoff, or why a fit failed.</summary>
    public const string LifetimeModels = "lifetime_models";

    /// <summary>KPI tables: gold name → the temporary table <c>Sql/kpi.sql</c> fills.</summary>
    internal static readonly (string Gold, string Temp)[] Kpis =
    [
        ("kpi_daily", "kx_daily"),
        ("kpi_monthly", "kx_monthly"),
        ("kpi_category", "kx_category"),
        ("kpi_cohort", "kx_cohort"),
        ("kpi_cohort_retention", "kx_cohort_retention"),
        ("kpi_channel", "kx_channel"),
        ("kpi_weekday", "kx_weekday"),
        ("kpi_month_of_year", "kx_month_of_year"),
        ("kpi_funnel_product", "kx_funnel_product"),
        ("kpi_funnel_category", "kx_funnel_category"),
    ];
}
