namespace Patron.Learning.Rules;

/// <summary>A recommended item with the rule behind it, or none when it was chosen by popularity.</summary>
/// <param name="Item">Item code.</param>
/// <param name="Score">The rule's confidence, or the item's share of baskets for a popular pick.</param>
/// <param name="Rule">The best fired rule whose consequent holds the item; null for a popular pick.</param>
public readonly record struct Recommendation(int Item, double Score, AssociationRule? Rule);
