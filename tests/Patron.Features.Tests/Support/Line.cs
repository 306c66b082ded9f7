namespace Patron.Features.Tests.Support;

/// <summary>One order line of a hand-written shop; the amount is quantity × price − discount, as silver defines it.</summary>
internal sealed record Line(string Product, double Quantity, double Price, double Discount = 0, bool Outlier = false)
{
    public double Amount => Quantity * Price - Discount;
}
