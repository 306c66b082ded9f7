namespace Patron.Features.Rules;

/// <summary>What an item of a basket is.</summary>
public enum RuleLevel
{
    /// <summary>A product (silver.products.product_id).</summary>
    Product,

    /// <summary>A product's category.</summary>
    Category,
}
