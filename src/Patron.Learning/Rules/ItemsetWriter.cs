namespace Patron.Learning.Rules;

/// <summary>Collects mined itemsets (as item codes, ascending) and stops mining when they outgrow the memory budget.</summary>
internal sealed class ItemsetWriter
{
    private readonly RuleMiningOptions _options;
    private readonly double _estimate;
    private int[] _offsets = new int[1024];
    private int[] _items = new int[4096];
    private int[] _counts = new int[1024];
    private int _count;
    private long _bytes;

    public ItemsetWriter(RuleMiningOptions options, double estimate)
    {
        _options = options;
        _estimate = estimate;
    }

    /// <summary>Adds the itemset of these ranks, mapped to item codes and sorted.</summary>
    public void Add(ReadOnlySpan<int> ranks, int[] rankToItem, int support)
    {
        _bytes += RuleMiningOptions.ItemsetBytes(ranks.Length);
        if (_bytes > _options.MemoryBudgetBytes)
        {
            throw new RuleMiningException(
                $"Minimum support {_options.MinSupport.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)} is too low for this data: " +
                $"more than {FpGrowth.Describe(_count)} itemsets of up to {_options.MaxLength} items (estimated up to {FpGrowth.Describe(_estimate)}) " +
                $"exceed the memory budget of {_options.MemoryBudgetBytes >> 20} MiB. Raise the minimum support, lower the maximum length " +
                $"or the maximum basket size ({_options.MaxBasket}), or raise the budget.");
        }

        if (_count + 2 > _offsets.Length)
        {
            Array.Resize(ref _offsets, _offsets.Length * 2);
            Array.Resize(ref _counts, _counts.Length * 2);
        }

        var start = _offsets[_count];
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
        _counts[_count] = support;
        _count++;
        _offsets[_count] = start + ranks.Length;
    }

    public FrequentItemsets Build(RuleMiningStats stats) =>
        new(_offsets.AsSpan(0, _count + 1).ToArray(), _items.AsSpan(0, _offsets[_count]).ToArray(), _counts.AsSpan(0, _count).ToArray(), _count, stats);
}
