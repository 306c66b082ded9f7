using Patron.Features.Tests.Support;

namespace Patron.Features.Tests.Rules;

/// <summary>
/// A small shop for rules, cutoff 2024-07-01. Purchase baskets before it: O1 {A, B} (postage not an item), O2 {A, B},
/// O3 {A, C}, O4 {B} (three units, one item). The return R1 and the later O5 are not baskets.
/// </summary>
internal static class RuleShop
{
    public static readonly DateOnly Cutoff = new(2024, 7, 1);

    public static SilverShop Build() => new SilverShop()
        .Customer("C1", null, null, null, null, null)
        .Customer("C2", null, null, null, null, null)
        .Customer("C3", null, null, null, null, null)
        .Product("A", "Books", null, null)
        .Product("B", "Games", null, null)
        .Product("C", "Books", null, null)
        .Product("SHIP", null, null, null, nonProduct: true)
        .Order("O1", "C1", "2024-01-01 10:00:00", null, [new("A", 1, 10), new("B", 1, 20), new("SHIP", 1, 5)])
        .Order("O2", "C2", "2024-01-02 10:00:00", null, [new("A", 2, 10), new("B", 1, 20)])
        .Order("O3", "C3", "2024-01-03 10:00:00", null, [new("A", 1, 10), new("C", 1, 15)])
        .Order("O4", "C1", "2024-02-01 10:00:00", null, [new("B", 3, 20)])
        .Return("R1", "C2", "2024-02-02 10:00:00", new Line("C", -1, 15))
        .Order("O5", "C3", "2024-08-01 10:00:00", null, [new("B", 1, 20), new("C", 1, 15)]);
}
