namespace Patron.Server.Contracts;

/// <summary>A customer's profile from the run served: the values of its predictions.csv row (missing values as null),
/// its features by registry name, the scoring cutoff and the versions of the models behind it.</summary>
public sealed record CustomerProfile
{
    public required string CustomerId { get; init; }

    public string? Segment { get; init; }

    public string? RecommendedAction { get; init; }

    public double? ChurnProbability { get; init; }

    public string? ChurnRiskBand { get; init; }

    public double? RepeatProbability { get; init; }

    public double? HighValueProbability { get; init; }

    public bool? HighValueFlag { get; init; }

    public double? PredictedClv { get; init; }

    public double? PredictedClvLower { get; init; }

    public double? PredictedClvUpper { get; init; }

    public double? PAlive { get; init; }

    public double? ExpectedPurchases { get; init; }

    /// <summary>P(top 5 % of spend over the early horizon) for a customer whose first purchase lies in the 30 days
    /// before the scoring cutoff; null for everyone else or without the early_high_value task.</summary>
    public double? EarlyHighValueProbability { get; init; }

    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>Products to offer next, best first, with the rule behind each; null when the run has no cross-sell.</summary>
    public IReadOnlyList<NextProduct>? NextProducts { get; init; }

    /// <summary>Feature values by registry name: numbers, texts or null.</summary>
    public IReadOnlyDictionary<string, object?>? Features { get; init; }

    public string? AsOf { get; init; }

    public required IReadOnlyDictionary<string, string> ModelVersions { get; init; }
}
