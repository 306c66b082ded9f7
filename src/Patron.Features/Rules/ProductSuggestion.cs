namespace Patron.Features.Rules;

/// <summary>One recommended item for a basket or a customer.</summary>
/// <param name="ItemId">Product id (or category, for category rules).</param>
/// <param name="Name">Display name.</param>
/// <param name="Score">The rule's confidence, or the item's share of baskets when picked by popularity.</param>
/// <param name="Source"><c>rule</c> or <c>popular</c>.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record ProductSuggestion(string ItemId, string Name, double Score, string Source, string Reason);
