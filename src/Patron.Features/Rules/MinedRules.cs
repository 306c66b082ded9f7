using Patron.Learning.Rules;

namespace Patron.Features.Rules;

/// <summary>The rules of one mining, with the items they speak of and what the mining saw.</summary>
/// <param name="Cutoff">Baskets are orders placed before this day.</param>
/// <param name="Level">What an item is.</param>
/// <param name="By">What a basket is.</param>
/// <param name="Items">Item codes → ids and names.</param>
/// <param name="Itemsets">The frequent itemsets (their supports serve popularity too).</param>
/// <param name="Rules">The rules, best first.</param>
/// <param name="ItemBaskets">Baskets before the cutoff holding each item (popularity).</param>
public sealed record MinedRules(DateOnly Cutoff, RuleLevel Level, BasketKind By, RuleItems Items, FrequentItemsets Itemsets, IReadOnlyList<AssociationRule> Rules, int[] ItemBaskets)
{
    /// <summary>
    /// For customer baskets: what each customer bought before the cutoff (basket <c>c</c> is customer <c>c</c> of the
    /// connection's <c>rx_customers</c>), the baskets mined, kept so the next products need not read them again; null for order baskets.
    /// </summary>
    internal BasketSet? History { get; init; }

    /// <summary>A recommender over these rules, filling with the most bought items.</summary>
    public RuleRecommender Recommender() => new(Rules, Items.Count, ItemBaskets);

    public static string LevelName(RuleLevel level) => level == RuleLevel.Product ? "product" : "category";

    public static string BasketName(BasketKind kind) => kind == BasketKind.Order ? "order" : "customer";
}
