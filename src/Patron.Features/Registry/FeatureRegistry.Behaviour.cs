namespace Patron.Features.Registry;

public static partial class FeatureRegistry
{
    private static void AddBehaviour(List<FeatureDefinition> list)
    {
        const string G = "behaviour";
        const FeatureSources S = OrderLines;
        list.Add(new("orders", G, FeatureType.Integer, "orders", "Purchases before the cutoff.",
            "count of orders with is_purchase", S));
        list.Add(new("gross_revenue", G, FeatureType.Real, "currency", "Money spent on purchases, before returns.",
            "sum of line_amount over purchase lines", S));
        list.Add(new("returned_amount", G, FeatureType.Real, "currency", "Money given back on returns and cancellations.",
            "-(sum of negative line_amount over return documents)", S));
        list.Add(new("net_revenue", G, FeatureType.Real, "currency", "Money kept: purchases minus returns.",
            "gross_revenue - returned_amount", S));
        list.Add(new("items", G, FeatureType.Real, "units", "Units bought (product lines of purchases).",
            "sum of quantity over purchase lines of products", S));
        list.Add(new("avg_order_value", G, FeatureType.Real, "currency", "Average basket value.",
            "gross_revenue / orders", S));
        list.Add(new("gap_mean_days", G, FeatureType.Real, "days", "Usual time between two purchases; NULL with one purchase.",
            "mean of date_diff('day', previous purchase date, purchase date) over consecutive purchases", S));
        list.Add(new("gap_std_days", G, FeatureType.Real, "days", "Irregularity of the gaps; NULL with fewer than three purchases.",
            "sample standard deviation of the gaps in gap_mean_days", S));
        list.Add(new("days_since_first_order", G, FeatureType.Integer, "days", "Age of the customer relationship in purchases.",
            "date_diff('day', first purchase date, cutoff)", S));
        list.Add(new("days_since_last_order", G, FeatureType.Integer, "days", "Time since the latest purchase.",
            "date_diff('day', last purchase date, cutoff)", S));
        list.Add(new("tenure_days", G, FeatureType.Integer, "days", "Time since the customer joined (registration, or the first purchase when earlier or unknown).",
            "date_diff('day', least(registration date, first purchase date), cutoff); a registration at or after the cutoff is ignored", S | FeatureSources.Customers));
        list.Add(new("orders_per_week", G, FeatureType.Real, "orders/week", "Purchase rate over the tenure.",
            "orders * 7 / greatest(tenure_days, 1)", S));
        list.Add(new("return_orders", G, FeatureType.Integer, "orders", "Return and cancellation documents before the cutoff.",
            "count of orders with is_cancellation and not is_purchase", S));
        list.Add(new("return_rate", G, FeatureType.Real, "share", "Returns per purchase.",
            "return_orders / orders", S));
        list.Add(new("discount_order_share", G, FeatureType.Real, "share", "Share of purchases with a discount on any line.",
            "purchases with sum(discount) > 0 / orders", S));
        foreach (var (kind, methods) in FeatureVocabulary.PaymentClasses)
        {
            list.Add(new("payment_share_" + kind, G, FeatureType.Real, "share", $"Share of purchases paid by {kind} ({methods}).",
                $"purchases whose payment_method is in the {kind} class / purchases with a known payment_method; NULL when none is known",
                S | FeatureSources.Payments));
        }
    }

    private static void AddRfm(List<FeatureDefinition> list)
    {
        const string G = "rfm";
        const FeatureSources S = OrderLines;
        list.Add(new("rfm_recency_days", G, FeatureType.Integer, "days", "R: days since the last purchase.", "= days_since_last_order", S));
        list.Add(new("rfm_frequency", G, FeatureType.Integer, "orders", "F: number of purchases.", "= orders", S));
        list.Add(new("rfm_monetary", G, FeatureType.Real, "currency", "M: money kept.", "= net_revenue", S));
        list.Add(new("r_score", G, FeatureType.Integer, "score 1-5", "Recency quintile (5 = most recent).",
            "least(5, 1 + floor(5 * (rank() over recency descending - 1) / customers)); ties share the lower score", S, true));
        list.Add(new("f_score", G, FeatureType.Integer, "score 1-5", "Frequency quintile (5 = most purchases).",
            "least(5, 1 + floor(5 * (rank() over frequency ascending - 1) / customers)); ties share the lower score", S, true));
        list.Add(new("m_score", G, FeatureType.Integer, "score 1-5", "Monetary quintile (5 = most money).",
            "least(5, 1 + floor(5 * (rank() over monetary ascending - 1) / customers)); ties share the lower score", S, true));
        list.Add(new("fm_score", G, FeatureType.Integer, "score 1-5", "Frequency and money together, for the segment map.",
            "(f_score + m_score + 1) / 2, integer division (the mean rounded half up)", S, true));
        list.Add(new("rfm_cell", G, FeatureType.Category, "code", "The three scores as one code, e.g. 545.",
            "r_score || f_score || m_score", S, true));
        list.Add(new("rfm_segment", G, FeatureType.Category, "segment", "Named segment from the rule table over R and FM (docs/features.md).",
            "Segments.RfmSegments rule table at (r_score, fm_score)", S, true));
    }

    private static void AddAffinity(List<FeatureDefinition> list)
    {
        const string G = "affinity";
        const FeatureSources S = OrderLines | FeatureSources.Products;
        const string Lines = "purchase lines of products with a positive amount";
        list.Add(new("distinct_categories", G, FeatureType.Integer, "categories", "How many categories the customer buys from.",
            $"count of distinct non-NULL category over {Lines}", S));
        list.Add(new("distinct_brands", G, FeatureType.Integer, "brands", "How many brands the customer buys.",
            $"count of distinct non-NULL brand over {Lines}", S));
        list.Add(new("favourite_category", G, FeatureType.Category, "category", "Category with the most spend (ties: first by name).",
            $"category with the largest sum of line_amount over {Lines}", S));
        list.Add(new("favourite_category_share", G, FeatureType.Real, "share", "Share of categorised spend in the favourite category.",
            "spend in favourite_category / spend with a known category", S));
        list.Add(new("top_brand_share", G, FeatureType.Real, "share", "Brand loyalty: share of branded spend on the top brand.",
            "max over brands of brand spend / spend with a known brand", S));
        list.Add(new("brand_hhi", G, FeatureType.Real, "index 0-1", "Herfindahl index of brand spend shares (1 = one brand).",
            "sum over brands of (brand spend / branded spend)^2", S));
        list.Add(new("category_entropy", G, FeatureType.Real, "bits", "Shannon entropy of category spend shares (0 = one category).",
            "-sum over categories of p * log2(p), p = category spend / categorised spend", S));
    }
}
