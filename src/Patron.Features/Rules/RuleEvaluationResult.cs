using System.Text.Json.Serialization;

namespace Patron.Features.Rules;

/// <summary>Rules against popularity, out of time: recommendations made at the cutoff, checked against the horizon's purchases.</summary>
public sealed record RuleEvaluationResult
{
    [JsonPropertyName("cutoff")]
    public required DateOnly Cutoff { get; init; }

    [JsonPropertyName("horizon_days")]
    public required int HorizonDays { get; init; }

    /// <summary>Recommendations per customer (the k of the @k metrics).</summary>
    [JsonPropertyName("k")]
    public required int K { get; init; }

    /// <summary>Rules first (by confidence), the most bought products filling the places the rules leave.</summary>
    [JsonPropertyName("rules")]
    public required RankingMetrics Rules { get; init; }

    /// <summary>The most bought products the customer does not have.</summary>
    [JsonPropertyName("popularity")]
    public required RankingMetrics Popularity { get; init; }

    /// <summary>Measured customers for whom at least one rule fired.</summary>
    [JsonPropertyName("customers_with_rules")]
    public required int CustomersWithRules { get; init; }

    [JsonPropertyName("rule_count")]
    public required int RuleCount { get; init; }
}
