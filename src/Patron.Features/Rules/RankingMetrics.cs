using System.Text.Json.Serialization;

namespace Patron.Features.Rules;

/// <summary>How well k recommendations per customer caught what the customers went on to buy.</summary>
/// <param name="HitRate">Share of customers with at least one recommended product among those bought in the horizon.</param>
/// <param name="Precision">Mean over customers of hits / k.</param>
/// <param name="Recall">Mean over customers of hits / new products bought in the horizon.</param>
/// <param name="Customers">Customers measured: bought before the cutoff and bought a product new to them in the horizon.</param>
public sealed record RankingMetrics(
    [property: JsonPropertyName("hit_rate_at_5")] double HitRate,
    [property: JsonPropertyName("precision_at_5")] double Precision,
    [property: JsonPropertyName("recall_at_5")] double Recall,
    [property: JsonPropertyName("customers")] int Customers);
