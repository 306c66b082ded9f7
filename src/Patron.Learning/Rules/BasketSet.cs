namespace Patron.Learning.Rules;

/// <summary>
/// Baskets as compressed rows: basket <c>b</c> holds the item codes <c>Items[Offsets[b]..Offsets[b + 1]]</c>, distinct
/// and ascending. Item codes run from 0 to <see cref="ItemCount"/> - 1; what they stand for (a product, a category) is
/// the caller's.
/// </summary>
/// <remarks>Immutable once built; safe to read from several threads.</remarks>
public sealed class BasketSet
{
    private readonly int[] _offsets;
    private readonly int[] _items;

    internal BasketSet(int[] offsets, int[] items, int itemCount)
    {
        _offsets = offsets;
        _items = items;
        ItemCount = itemCount;
    }

    /// <summary>Number of baskets.</summary>
    public int Count => _offsets.Length - 1;

    /// <summary>Number of distinct item codes the baskets may use (codes 0 to ItemCount - 1).</summary>
    public int ItemCount { get; }

    /// <summary>Item occurrences over all baskets.</summary>
    public long Length => _items.Length;

    /// <summary>The distinct items of basket <paramref name="basket"/>, ascending.</summary>
    public ReadOnlySpan<int> this[int basket] => _items.AsSpan(_offsets[basket], _offsets[basket + 1] - _offsets[basket]);

    /// <summary>Builds a set from one item list per basket (duplicates and order do not matter).</summary>
    public static BasketSet From(IEnumerable<IReadOnlyList<int>> baskets, int itemCount)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var builder = new BasketSetBuilder(itemCount);
        foreach (var basket in baskets)
        {
            for (var i = 0; i < basket.Count; i++)
            {
                builder.Add(basket[i]);
            }

            builder.EndBasket();
        }

        return builder.Build();
    }
}
