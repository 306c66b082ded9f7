namespace Patron.Server.Contracts;

/// <summary>The top products for a basket, best first, never one of the basket; <c>unknown_ids</c> lists the basket's
/// ids the rules do not know (they are ignored); <c>as_of</c> is the cutoff the rules were mined at.</summary>
public sealed record RecommendResponse(IReadOnlyList<NextProduct> Products, IReadOnlyList<string> UnknownIds, string AsOf);
