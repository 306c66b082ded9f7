namespace Patron.Server.Contracts;

/// <summary>A basket of product ids and how many products to recommend for it (1 to 100, default 5).</summary>
public sealed record RecommendRequest(IReadOnlyList<string> Basket, int? K);
