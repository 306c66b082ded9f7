using Patron.Learning.Rules;

namespace Patron.Learning.Tests.Rules;

/// <summary>
/// The five baskets of mlxtend's frequent-pattern user guide (tests/data/reference/published-values.md, "Association
/// rules"), with the item names in alphabetical order as codes.
/// </summary>
internal static class MlxtendFixture
{
    public static readonly string[] Names = ["Apple", "Corn", "Dill", "Eggs", "Ice cream", "Kidney Beans", "Milk", "Nutmeg", "Onion", "Unicorn", "Yogurt"];

    public static BasketSet Baskets() => BasketSet.From(
        [
            Codes("Milk", "Onion", "Nutmeg", "Kidney Beans", "Eggs", "Yogurt"),
            Codes("Dill", "Onion", "Nutmeg", "Kidney Beans", "Eggs", "Yogurt"),
            Codes("Milk", "Apple", "Kidney Beans", "Eggs"),
            Codes("Milk", "Unicorn", "Corn", "Kidney Beans", "Yogurt"),
            Codes("Corn", "Onion", "Onion", "Kidney Beans", "Ice cream", "Eggs"),
        ],
        Names.Length);

    public static int[] Codes(params string[] names)
    {
        var codes = new int[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            codes[i] = Array.IndexOf(Names, names[i]);
            Assert.True(codes[i] >= 0, names[i]);
        }

        Array.Sort(codes);
        return codes;
    }
}
