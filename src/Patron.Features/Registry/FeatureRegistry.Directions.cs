namespace Patron.Features.Registry;

public static partial class FeatureRegistry
{
    /// <summary>Features whose effect on a customer's future buying has a known direction, all else equal: +1 when a
    /// larger value means more buying ahead (more past orders, more money kept, more spend in the last year, a higher
    /// recency score), -1 when it means less (more days since the last purchase). Models may be held to these
    /// directions (monotone constraints); a task whose label is the opposite of buying (churn) flips the signs.</summary>
    /// <remarks>Only directions that hold for every shop are listed: past frequency, past spend and recency, as RFM
    /// has it. Ratios and shares (average basket, return rate, spend acceleration) are left free: their sign differs
    /// between shops.</remarks>
    public static IReadOnlyDictionary<string, int> BuyingDirections { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["orders"] = 1,
        ["rfm_frequency"] = 1,
        ["f_score"] = 1,
        ["net_revenue"] = 1,
        ["rfm_monetary"] = 1,
        ["m_score"] = 1,
        ["spend_365d"] = 1,
        ["days_since_last_order"] = -1,
        ["rfm_recency_days"] = -1,
        ["r_score"] = 1,
    };
}
