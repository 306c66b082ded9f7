using Patron.Learning;

namespace Patron.Pipeline.Tasks;

/// <summary>What one prediction task learns: its label, how it is judged and the marketer's baseline it must beat.</summary>
/// <param name="Name">churn, repeat, high_value, clv, early_high_value or session_purchase.</param>
/// <param name="Kind">Binary or regression.</param>
/// <param name="Label">Label column of <see cref="Features.Frames.CustomerFrame.Labels"/>.</param>
/// <param name="PrimaryMetric">The metric key that chooses the model (higher is better).</param>
/// <param name="SecondaryMetric">The second metric the issue names for the task, reported next to the primary one.</param>
/// <param name="BaselineName">Candidate name of the baseline.</param>
/// <param name="BaselineFeature">The one feature the baseline ranks by.</param>
/// <param name="BaselineDescription">The baseline in words.</param>
/// <param name="UsesLifetime">Whether the lifetime models compete (alone and as features).</param>
/// <param name="BuyingSign">+1 when the label rises with future buying (repeat, high value, CLV), -1 when it falls
/// (churn), 0 when the task's rows are not customers (sessions): the sign the registry's buying directions take as the
/// trees' monotone constraints.</param>
internal sealed record TaskSpec(
    string Name,
    TaskKind Kind,
    string Label,
    string PrimaryMetric,
    string SecondaryMetric,
    string BaselineName,
    string BaselineFeature,
    string BaselineDescription,
    bool UsesLifetime,
    int BuyingSign = 0)
{
    /// <summary>The task over a new customer's first 30 days: will they be in the top 5 % of spend?</summary>
    public const string EarlyName = "early_high_value";

    /// <summary>The specification of a task by name.</summary>
    public static TaskSpec Get(string name) => name switch
    {
        "churn" => new(name, TaskKind.Binary, "churn", "pr_auc", "top_decile_lift", "baseline_recency", "days_since_last_order", "days since last order", false, -1),
        "repeat" => new(name, TaskKind.Binary, "repeat", "pr_auc", "top_decile_lift", "baseline_frequency", "orders", "number of past orders", true, 1),
        "high_value" => new(name, TaskKind.Binary, "high_value", "roc_auc", "pr_auc", "baseline_past_spend", "net_revenue", "past net spend", false, 1),
        "clv" => new(name, TaskKind.Regression, "future_spend", "normalized_gini", "decile_mape", "baseline_past_spend", "net_revenue", "past net spend, scaled to the horizon", true, 1),
        // Rows are the customers new in the 30 days before a cutoff (gold.early_features), not every customer.
        EarlyName => new(name, TaskKind.Binary, "early_top5", "roc_auc", "pr_auc", "baseline_first_order", "first_order_value", "first-order value", false, 1),
        _ => throw new ArgumentException($"Unknown task '{name}'.", nameof(name)),
    };
}
