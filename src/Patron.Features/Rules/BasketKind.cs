namespace Patron.Features.Rules;

/// <summary>What a basket is.</summary>
public enum BasketKind
{
    /// <summary>One purchase order.</summary>
    Order,

    /// <summary>Everything one customer bought in the window (orders without a customer left out).</summary>
    Customer,
}
