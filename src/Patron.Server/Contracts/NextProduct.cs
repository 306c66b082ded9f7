namespace Patron.Server.Contracts;

/// <summary>A product to offer next: its id and name, the score (the rule's confidence, or the product's share of
/// baskets when picked by popularity), the source (<c>rule</c> or <c>popular</c>) and the reason in words.</summary>
public sealed record NextProduct(string ProductId, string? Name, double Score, string Source, string Reason);
