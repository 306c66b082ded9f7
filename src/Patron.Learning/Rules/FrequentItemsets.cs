namespace Patron.Learning.Rules;

/// <summary>
/// The frequent itemsets of a <see cref="BasketSet"/>: each a list of item codes in ascending order with the number of
/// baskets that hold all of them. Every subset of an itemset is an itemset too (support only falls as items are
/// added), so <see cref="IndexOf"/> finds the support of any part of one.
/// </summary>
/// <remarks>Immutable; safe to read from several threads.</remarks>
public sealed class FrequentItemsets
{
    private readonly int[] _offsets;
    private readonly int[] _items;
    private readonly int[] _counts;
    private readonly int[] _table;
    private readonly int _mask;

    internal FrequentItemsets(int[] offsets, int[] items, int[] counts, int count, RuleMiningStats stats)
    {
        _offsets = offsets;
        _items = items;
        _counts = counts;
        Count = count;
        Stats = stats;
        var size = 16;
        while (size < count * 2)
        {
            size *= 2;
        }

        _table = new int[size];
        _table.AsSpan().Fill(-1);
        _mask = size - 1;
        for (var i = 0; i < count; i++)
        {
            var slot = Hash(Items(i)) & _mask;
            while (_table[slot] != -1)
            {
                slot = (slot + 1) & _mask;
            }

            _table[slot] = i;
        }
    }

    /// <summary>Number of itemsets.</summary>
    public int Count { get; }

    /// <summary>What mining saw and found: baskets used and skipped, the minimum count, the estimate.</summary>
    public RuleMiningStats Stats { get; }

    /// <summary>Baskets the supports are shares of (those within the basket size limit).</summary>
    public int Baskets => Stats.Baskets;

    /// <summary>Items of itemset <paramref name="index"/>, ascending.</summary>
    public ReadOnlySpan<int> Items(int index) => _items.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    /// <summary>Baskets holding every item of itemset <paramref name="index"/>.</summary>
    public int SupportCount(int index) => _counts[index];

    /// <summary>Share of baskets holding itemset <paramref name="index"/>.</summary>
    public double Support(int index) => _counts[index] / (double)Stats.Baskets;

    /// <summary>The index of the itemset with exactly these items (ascending), or -1 when it is not frequent.</summary>
    public int IndexOf(ReadOnlySpan<int> items)
    {
        var slot = Hash(items) & _mask;
        while (true)
        {
            var index = _table[slot];
            if (index == -1)
            {
                return -1;
            }

            if (Items(index).SequenceEqual(items))
            {
                return index;
            }

            slot = (slot + 1) & _mask;
        }
    }

    private static int Hash(ReadOnlySpan<int> items)
    {
        var hash = 0x9E3779B9u;
        foreach (var item in items)
        {
            hash = (hash ^ (uint)item) * 0x85EBCA6Bu;
            hash ^= hash >> 13;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}
