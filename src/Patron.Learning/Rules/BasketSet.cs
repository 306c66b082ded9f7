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

    /// <summary>
    /// Builds a set from (basket key, item) pairs in any order, as one counting sort: basket <c>k</c> holds the items
    /// paired with key <c>k</c>, distinct and ascending. With <paramref name="keepEmpty"/> every key in 0 to
    /// <paramref name="keyCount"/> - 1 is a basket (so a basket's index is its key); otherwise keys without items are
    /// dropped and the baskets keep the keys' order.
    /// </summary>
    public static BasketSet FromPairs(ReadOnlySpan<int> keys, ReadOnlySpan<int> items, int keyCount, int itemCount, bool keepEmpty)
    {
        if (keys.Length != items.Length)
        {
            throw new ArgumentException($"{keys.Length} keys but {items.Length} items.", nameof(items));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(keyCount);
        ArgumentOutOfRangeException.ThrowIfNegative(itemCount);
        var offsets = new int[keyCount + 1];
        foreach (var key in keys)
        {
            if ((uint)key >= (uint)keyCount)
            {
                throw new ArgumentOutOfRangeException(nameof(keys), key, $"Basket keys must lie in 0..{keyCount - 1}.");
            }

            offsets[key + 1]++;
        }

        for (var k = 0; k < keyCount; k++)
        {
            offsets[k + 1] += offsets[k];
        }

        var sorted = new int[items.Length];
        var next = offsets.AsSpan(0, keyCount).ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            var item = items[i];
            if ((uint)item >= (uint)itemCount)
            {
                throw new ArgumentOutOfRangeException(nameof(items), item, $"Item codes must lie in 0..{itemCount - 1}.");
            }

            sorted[next[keys[i]]++] = item;
        }

        // Each basket sorted and its repeats dropped, packed down in place; empty baskets dropped unless kept.
        var length = 0;
        var baskets = 0;
        var start = 0;
        for (var k = 0; k < keyCount; k++)
        {
            var end = offsets[k + 1];
            var span = sorted.AsSpan(start, end - start);
            start = end;
            if (span.Length == 0 && !keepEmpty)
            {
                continue;
            }

            span.Sort();
            for (var i = 0; i < span.Length; i++)
            {
                if (i == 0 || span[i] != span[i - 1])
                {
                    sorted[length++] = span[i];
                }
            }

            offsets[++baskets] = length;
        }

        return new BasketSet(offsets.AsSpan(0, baskets + 1).ToArray(), length == sorted.Length ? sorted : sorted.AsSpan(0, length).ToArray(), itemCount);
    }

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
