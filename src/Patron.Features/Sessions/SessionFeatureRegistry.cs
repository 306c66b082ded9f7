using Patron.Features.Registry;

namespace Patron.Features.Sessions;

/// <summary>
/// Every feature column of the two session tables, in table order: <c>gold.session_features</c> (from
/// <c>silver.sessions</c>) and <c>gold.shopper_session_features</c> (from <c>silver.shopper_sessions</c>). The SQL files
/// <c>Sql/session_features.sql</c> and <c>Sql/session_shoppers.sql</c> compute exactly these columns; the session
/// section of <c>docs/features.md</c> is generated from here.
/// </summary>
/// <remarks>
/// Point in time (web sessions): a session's own columns describe the session; every history column uses only rows
/// strictly before the session's start (<c>started_at</c>), so nothing at or after it can move a value. The label
/// (<c>purchased</c>) lives in the label tables, never here.
/// </remarks>
public static class SessionFeatureRegistry
{
    private const string Before = "strictly before the session's started_at";

    /// <summary>Columns of <c>gold.session_features</c> after <c>session_id</c>, <c>customer_id</c>, <c>started_at</c>.</summary>
    public static IReadOnlyList<SessionFeature> Web { get; } =
    [
        new("duration_sec", FeatureType.Real, "seconds", "Browsing time of the session.", "silver.sessions.duration_sec"),
        new("page_views", FeatureType.Integer, "pages", "Pages or products viewed in the session.", "silver.sessions.page_views"),
        new("hour_band", FeatureType.Category, "band", "Time of day the session started (night 00-05, morning 06-11, afternoon 12-17, evening 18-23).",
            "band of hour(started_at)"),
        new("weekday", FeatureType.Integer, "weekday", "Day of the week the session started (1 = Monday, 7 = Sunday).", "isodow(started_at)"),
        new("is_weekend", FeatureType.Integer, "flag", "The session was on a Saturday or Sunday.", "1 when isodow(started_at) in (6, 7), else 0"),
        new("names_product", FeatureType.Integer, "flag", "The session is about one named product.", "1 when product_id is not NULL, else 0"),
        new("product_category", FeatureType.Category, "category", "Category of the product the session is about.",
            "silver.product_versions.category of product_id in force at the end of the window; NULL when unknown"),
        new("product_price_band", FeatureType.Category, "band", "Price band of that product within its category (low, mid, high).",
            "cume_dist() of base_price among the priced products of the same category: <= 1/3 low, <= 2/3 mid, else high; NULL without a price"),
        new("known_visitor", FeatureType.Integer, "flag", "The visitor is a known customer rather than anonymous.", "1 when customer_id is not NULL, else 0"),
        new("prior_sessions", FeatureType.Integer, "sessions", "Sessions the customer had before this one.",
            $"count of the customer's sessions {Before}; NULL for anonymous visitors"),
        new("prior_purchase_sessions", FeatureType.Integer, "sessions", "Earlier sessions of the customer that ended in a purchase.",
            $"count of the customer's sessions with purchased {Before}; NULL for anonymous visitors"),
        new("prior_purchase_session_share", FeatureType.Real, "share", "Share of the customer's earlier sessions that ended in a purchase.",
            "prior_purchase_sessions / prior_sessions; NULL without earlier sessions"),
        new("prior_mean_duration_sec", FeatureType.Real, "seconds", "Usual browsing time of the customer's earlier sessions.",
            $"mean duration_sec of the customer's sessions {Before}"),
        new("prior_mean_page_views", FeatureType.Real, "pages", "Usual pages viewed in the customer's earlier sessions.",
            $"mean page_views of the customer's sessions {Before}"),
        new("days_since_prior_session", FeatureType.Real, "days", "Time since the customer's previous session.",
            "seconds from the latest earlier session's started_at to started_at / 86400; NULL without one"),
        new("prior_orders", FeatureType.Integer, "orders", "Purchases the customer made before the session.",
            "count of orders with is_purchase and ordered_at < started_at; NULL for anonymous visitors"),
        new("prior_spend", FeatureType.Real, "currency", "Money the customer spent on purchases before the session.",
            "sum of line_amount over those purchases (lines flagged is_outlier left out); NULL for anonymous visitors"),
        new("days_since_prior_order", FeatureType.Real, "days", "Time since the customer's latest purchase before the session.",
            "seconds from the latest purchase's ordered_at < started_at to started_at / 86400; NULL without one"),
    ];

    /// <summary>Columns of <c>gold.shopper_session_features</c> after <c>session_id</c>.</summary>
    public static IReadOnlyList<SessionFeature> Shopper { get; } =
    [
        new("administrative_pages", FeatureType.Integer, "pages", "Administrative pages visited (account, contact).", "silver.shopper_sessions.administrative_pages"),
        new("administrative_duration_sec", FeatureType.Real, "seconds", "Time spent on administrative pages.", "administrative_duration_sec"),
        new("informational_pages", FeatureType.Integer, "pages", "Informational pages visited (about, shipping).", "informational_pages"),
        new("informational_duration_sec", FeatureType.Real, "seconds", "Time spent on informational pages.", "informational_duration_sec"),
        new("product_pages", FeatureType.Integer, "pages", "Product pages visited.", "product_pages"),
        new("product_duration_sec", FeatureType.Real, "seconds", "Time spent on product pages.", "product_duration_sec"),
        new("total_pages", FeatureType.Integer, "pages", "Pages visited of every type.", "administrative_pages + informational_pages + product_pages (NULL parts count 0)"),
        new("total_duration_sec", FeatureType.Real, "seconds", "Time spent on pages of every type.", "sum of the three durations (NULL parts count 0)"),
        new("product_page_share", FeatureType.Real, "share", "Share of the pages visited that were product pages.", "product_pages / total_pages; NULL when no page"),
        new("bounce_rate", FeatureType.Real, "share", "Average bounce rate of the pages visited (Google Analytics).", "bounce_rate"),
        new("exit_rate", FeatureType.Real, "share", "Average exit rate of the pages visited (Google Analytics).", "exit_rate"),
        new("page_value", FeatureType.Real, "value", "Average page value of the pages visited (Google Analytics).", "page_value"),
        new("special_day", FeatureType.Real, "closeness", "Closeness of the visit to a special day such as Valentine's day (0-1).", "special_day"),
        new("month", FeatureType.Integer, "month", "Month of the visit (1-12); also the time order of these sessions.", "month"),
        new("visitor_type", FeatureType.Category, "type", "Returning, new or other visitor.", "visitor_type"),
        new("is_weekend", FeatureType.Integer, "flag", "The session was on a Saturday or Sunday.", "1 when is_weekend, 0 when not, NULL when unknown"),
        new("operating_system", FeatureType.Category, "code", "Operating system (as coded by the source).", "operating_system as text"),
        new("browser", FeatureType.Category, "code", "Browser (as coded by the source).", "browser as text"),
        new("region", FeatureType.Category, "code", "Region of the visitor (as coded by the source).", "region as text"),
        new("traffic_type", FeatureType.Category, "code", "Traffic source type (as coded by the source).", "traffic_type as text"),
    ];

    /// <summary>The features of one kind of session table.</summary>
    public static IReadOnlyList<SessionFeature> Of(SessionKind kind) => kind == SessionKind.Web ? Web : Shopper;

    /// <summary>The session feature named <paramref name="name"/> (web sessions first), or null.</summary>
    public static SessionFeature? Find(string name)
    {
        foreach (var list in new[] { Web, Shopper })
        {
            foreach (var feature in list)
            {
                if (string.Equals(feature.Name, name, StringComparison.Ordinal))
                {
                    return feature;
                }
            }
        }

        return null;
    }
}
