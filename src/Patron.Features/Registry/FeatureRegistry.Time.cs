namespace Patron.Features.Registry;

public static partial class FeatureRegistry
{
    private static void AddTime(List<FeatureDefinition> list)
    {
        const string G = "time";
        const FeatureSources S = OrderLines;
        const string Net = "net spend (purchase amounts plus negative return amounts, each on its own date)";
        for (var q = 1; q <= 4; q++)
        {
            list.Add(new($"spend_quarter_{q}", G, FeatureType.Real, "currency",
                q == 1 ? "Net spend in the last three months." : $"Net spend in the quarter {q - 1} quarter(s) before the last.",
                $"{Net} with cutoff - {3 * q} months <= ordered_at < cutoff - {3 * (q - 1)} months", S));
        }

        list.Add(new("weekend_share", G, FeatureType.Real, "share", "Share of purchases on Saturday or Sunday.",
            "purchases with isodow(ordered_at) in (6, 7) / orders", S));
        foreach (var (name, from, to) in FeatureVocabulary.HourBands)
        {
            list.Add(new($"hour_share_{name}", G, FeatureType.Real, "share", $"Share of purchases placed {from:00}:00-{to:00}:59.",
                $"purchases with {from} <= hour(ordered_at) <= {to} / orders", S));
        }

        foreach (var days in FeatureVocabulary.RollingWindows)
        {
            list.Add(new($"orders_{days}d", G, FeatureType.Integer, "orders", $"Purchases in the last {days} days.",
                $"purchases with 1 <= days before <= {days}", S));
        }

        foreach (var days in FeatureVocabulary.RollingWindows)
        {
            list.Add(new($"spend_{days}d", G, FeatureType.Real, "currency", $"Net spend in the last {days} days.",
                $"{Net} with 1 <= days before <= {days}", S));
        }

        list.Add(new("orders_prev_90d", G, FeatureType.Integer, "orders", "Purchases in the 90 days before the last 90.",
            "purchases with 91 <= days before <= 180", S));
        list.Add(new("spend_prev_90d", G, FeatureType.Real, "currency", "Net spend in the 90 days before the last 90.",
            $"{Net} with 91 <= days before <= 180", S));
        list.Add(new("order_acceleration", G, FeatureType.Integer, "orders", "Change in purchases: last 90 days against the 90 before.",
            "orders_90d - orders_prev_90d", S));
        list.Add(new("spend_acceleration", G, FeatureType.Real, "currency", "Change in net spend: last 90 days against the 90 before.",
            "spend_90d - spend_prev_90d", S));
        list.Add(new("monthly_spend_slope", G, FeatureType.Real, "currency/month",
            "Trend of spend: least-squares slope of net spend over the last twelve 30-day months (positive = rising).",
            "months m = (days before - 1) / 30 (integer) for days before <= 360, x = -m; slope = sum((x - mean x) * spend) / sum((x - mean x)^2) over the 12 months = sum((5.5 - m) * amount) / 143", S));
        list.Add(new("max_spend_30d", G, FeatureType.Real, "currency", "Largest purchase spend in any 30-day window of the history.",
            "max over purchase dates d of purchase spend with d - 29 days <= date <= d", S));
    }

    private static void AddExperience(List<FeatureDefinition> list)
    {
        const string G = "experience";
        list.Add(new("review_count", G, FeatureType.Integer, "reviews", "Reviews written about the customer's purchases before the cutoff.",
            "count of silver.reviews with a score on purchases, created_at < cutoff; NULL when the shop has no reviews", FeatureSources.Reviews));
        list.Add(new("review_score_mean", G, FeatureType.Real, "score 1-5", "Average review score.",
            "mean score of those reviews", FeatureSources.Reviews));
        list.Add(new("low_review_share", G, FeatureType.Real, "share", "Share of reviews scoring 1 or 2.",
            "reviews with score <= 2 / reviews", FeatureSources.Reviews));
        list.Add(new("delivery_days_mean", G, FeatureType.Real, "days", "Average days from order to delivery.",
            "mean date_diff('day', ordered_at, delivered_at) over purchases delivered before the cutoff", FeatureSources.Delivery));
        list.Add(new("delivery_delay_mean", G, FeatureType.Real, "days", "Average lateness against the promised date (negative = early).",
            "mean date_diff('day', estimated_delivery_at, delivered_at) over purchases delivered before the cutoff", FeatureSources.Delivery));
        list.Add(new("installments_mean", G, FeatureType.Real, "installments", "Average number of installments per purchase.",
            "mean installments over purchases that state it", FeatureSources.Payments));
    }

    private static void AddSessions(List<FeatureDefinition> list)
    {
        const string G = "sessions";
        const FeatureSources S = FeatureSources.Sessions;
        list.Add(new("session_count", G, FeatureType.Integer, "sessions", "Web sessions before the cutoff (0 when the shop has sessions but not of this customer).",
            "count of silver.sessions with started_at < cutoff; NULL when the shop has no session before the cutoff", S));
        list.Add(new("session_duration_mean", G, FeatureType.Real, "seconds", "Average session length.",
            "mean duration_sec of those sessions", S));
        list.Add(new("views_per_session", G, FeatureType.Real, "page views", "Average pages viewed per session.",
            "mean page_views of those sessions", S));
        list.Add(new("session_purchase_rate", G, FeatureType.Real, "share", "Share of sessions that ended in a purchase.",
            "sessions with purchased / sessions", S));
        list.Add(new("days_since_last_session", G, FeatureType.Integer, "days", "Time since the latest session.",
            "date_diff('day', date of the last started_at, cutoff)", S));
    }

    private static void AddAttributes(List<FeatureDefinition> list)
    {
        const string G = "attributes";
        const FeatureSources S = FeatureSources.Customers;
        list.Add(new("age_band", G, FeatureType.Category, "band", "Age band: under 25, 25-34, 35-44, 45-54, 55-64, 65+ (age as exported, not as of the cutoff).",
            "band of silver.customer_versions.age", S));
        list.Add(new("country", G, FeatureType.Category, "country", "Country as given by the source.", "silver.customer_versions.country", S));
        list.Add(new("acquisition_channel", G, FeatureType.Category, "channel", "How the customer came.", "silver.customer_versions.acquisition_channel", S));
        list.Add(new("email_domain_class", G, FeatureType.Category, "class", "E-mail domain class: free (webmail), education or business.",
            "free when email_domain is a known webmail domain, education for .edu / .ac. domains, business otherwise", S));
        list.Add(new("days_registration_to_first_purchase", G, FeatureType.Integer, "days", "How long the customer waited to buy after signing up (negative when the source registered them later).",
            "date_diff('day', registration date, first purchase date); NULL when registered at or after the cutoff", S | OrderLines));
    }

    private static void AddInteractions(List<FeatureDefinition> list)
    {
        const string G = "interactions";
        list.Add(new("aov_x_frequency", G, FeatureType.Real, "currency", "Basket value times purchase count.",
            "avg_order_value * orders", OrderLines));
        list.Add(new("items_per_order", G, FeatureType.Real, "units/order", "Units per purchase.", "items / orders", OrderLines));
        list.Add(new("margin_share", G, FeatureType.Real, "share", "Spend-weighted gross margin of what the customer buys.",
            "sum(line_amount * margin) / sum(line_amount) over purchase lines of products with a known margin and a positive amount",
            OrderLines | FeatureSources.Margin));
    }

    private static void AddCrossCategory(List<FeatureDefinition> list)
    {
        const string G = "cross_category";
        const FeatureSources S = OrderLines | FeatureSources.Products;
        list.Add(new("next_category", G, FeatureType.Category, "category", "Category not yet bought that the customer most likely buys next.",
            "argmax over categories B not bought and A bought of P(B | A) in gold.cross_category (ties: more co-buyers, then name)", S, true));
        list.Add(new("next_category_probability", G, FeatureType.Real, "probability", "P(B | A) behind next_category.",
            "the largest P(B | A) above", S, true));
    }
}
