namespace Patron.Learning.Rules;

/// <summary>
/// The itemsets mined under one item of the first FP-tree (the item alone and everything its conditional trees hold),
/// in the order they were found, as item codes ascending; the segments joined in header order are the serial result.
/// </summary>
internal sealed class ItemsetSegment
{
    private int[] _offsets = new int[9];
    private int[] _items = new int[16];
    private int[] _counts = new int[8];

    public int Count { get; private set; }

    /// <summary>Item occurrences over the segment's itemsets.</summary>
    public int Length => _offsets[Count];

    /// <summary>Adds the itemset of these ranks, mapped to item codes and sorted.</summary>
    public void Add(ReadOnlySpan<int> ranks, int[] rankToItem, int support)
    {
        if (Count == _counts.Length)
        {
            Array.Resize(ref _counts, _counts.Length * 2);
            Array.Resize(ref _offsets, _counts.Length + 1);
        }

        var start = _offsets[Count];
        if (start + ranks.Length > _items.Length)
        {
            Array.Resize(ref _items, Math.Max(_items.Length * 2, start + ranks.Length));
        }

        var target = _items.AsSpan(start, ranks.Length);
        for (var i = 0; i < ranks.Length; i++)
        {
            target[i] = rankToItem[ranks[i]];
        }

        target.Sort();
        _counts[Count] = support;
        Count++;
        _offsets[Count] = start + ranks.Length;
    }

    /// <summary>Copies the segment to the end of the joined arrays, whose first <paramref name="itemsets"/> itemsets hold <paramref name="length"/> items.</summary>
    public void CopyTo(int[] offsets, int[] items, int[] counts, int itemsets, int length)
    {
        _items.AsSpan(0, Length).CopyTo(items.AsSpan(length));
        _counts.AsSpan(0, Count).CopyTo(counts.AsSpan(itemsets));
        for (var i = 1; i <= Count; i++)
        {
            offsets[itemsets + i] = length + _offsets[i];
        }
    }
}
