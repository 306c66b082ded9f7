using Patron.Features.Sessions;
using Patron.Features.Registry;

namespace Patron.Features.Early;

/// <summary>
/// The columns of <c>gold.early_features</c> after <c>customer_id</c> and <c>cutoff</c>, in table order: what the first
/// 30 days of a new customer say, for the <c>early_high_value</c> task. <c>Sql/early_features.sql</c> computes exactly
/// these; the early section of <c>docs/features.md</c> is generated from here.
/// </summary>
/// <remarks>Point in time: every column uses rows strictly before the cutoff and at most 30 days before it (attributes:
/// the version in force at the cutoff). The labels live in <c>gold.early_labels</c>, never here.</remarks>
public static class EarlyFeatureRegistry
{
    /// <summary>The window before the cutoff in which the first purchase falls, and from which the features come.</summary>
    public const int WindowDays = 30;

    private const string Window = "cutoff - 30 days <= ordered_at < cutoff";

    /// <summary>The feature columns.</summary>
    public static IReadOnlyList<SessionFeature> All { get; } =
    [
        new("first_order_value", FeatureType.Real, "currency", "Value of the first basket.",
            "sum of line_amount over the first purchase's lines (first by ordered_at, then order_id)"),
        new("first_order_items", FeatureType.Real, "units", "Units in the first basket.", "sum of quantity over the first purchase's product lines"),
        new("first_order_lines", FeatureType.Integer, "lines", "Lines of the first basket.", "count of the first purchase's lines"),
        new("first_order_categories", FeatureType.Integer, "categories", "Categories in the first basket.",
            "count of distinct non-NULL category over the first purchase's product lines with a positive amount"),
        new("first_order_category", FeatureType.Category, "category", "Category with the most spend in the first basket (ties: first by name).",
            "category with the largest sum of line_amount over the first purchase's product lines with a positive amount"),
        new("first_order_discount", FeatureType.Integer, "flag", "The first basket had a discount.", "1 when sum(discount) > 0 over its lines, else 0"),
        new("first_order_weekday", FeatureType.Integer, "weekday", "Day of the week of the first purchase (1 = Monday, 7 = Sunday).", "isodow(first ordered_at)"),
        new("days_since_first_order", FeatureType.Integer, "days", "Days the customer has been observed (1 to 30).", "date_diff('day', first purchase date, cutoff)"),
        new("orders_30d", FeatureType.Integer, "orders", "Purchases in the window, the first included.", $"count of purchases with {Window}"),
        new("spend_30d", FeatureType.Real, "currency", "Net spend in the window.",
            $"purchase line amounts plus return documents' negative amounts with {Window}"),
        new("items_30d", FeatureType.Real, "units", "Units bought in the window.", $"sum of quantity over purchase product lines with {Window}"),
        new("distinct_categories_30d", FeatureType.Integer, "categories", "Categories bought in the window.",
            "count of distinct non-NULL category over purchase product lines with a positive amount in the window"),
        new("discount_order_share_30d", FeatureType.Real, "share", "Share of the window's purchases with a discount.", "purchases with sum(discount) > 0 / orders_30d"),
        new("return_orders_30d", FeatureType.Integer, "orders", "Return and cancellation documents in the window.",
            $"count of orders with is_cancellation and not is_purchase, {Window}"),
        new("sessions_30d", FeatureType.Integer, "sessions", "Web sessions in the window (0 when the shop has sessions but not of this customer).",
            "count of silver.sessions with cutoff - 30 days <= started_at < cutoff; NULL when the shop has no session before the cutoff"),
        new("sessions_before_first_order", FeatureType.Integer, "sessions", "Web sessions in the window before the first purchase.",
            "those sessions with started_at < the first purchase's ordered_at"),
        new("session_duration_mean_30d", FeatureType.Real, "seconds", "Average length of those sessions.", "mean duration_sec of the window's sessions"),
        new("views_per_session_30d", FeatureType.Real, "page views", "Average pages viewed per session in the window.", "mean page_views of the window's sessions"),
        new("acquisition_channel", FeatureType.Category, "channel", "How the customer came.", "silver.customer_versions.acquisition_channel in force at the cutoff"),
        new("country", FeatureType.Category, "country", "Country as given by the source.", "silver.customer_versions.country in force at the cutoff"),
        new("days_registration_to_first_purchase", FeatureType.Integer, "days", "How long the customer waited to buy after signing up.",
            "date_diff('day', registration date, first purchase date); NULL when registered at or after the cutoff"),
    ];
}
