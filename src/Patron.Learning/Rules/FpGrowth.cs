using System.Globalization;
using System.Runtime.ExceptionServices;

namespace Patron.Learning.Rules;

/// <summary>
/// Frequent itemsets by FP-Growth (Han, Pei &amp; Yin 2000): one pass counts items, a second builds a prefix tree of
/// the baskets over their frequent items (most frequent nearest the root), and each item's conditional pattern base
/// (the tree paths above its nodes) becomes a smaller tree mined the same way, up to the maximum length.
/// </summary>
/// <remarks>
/// Memory: the tree's arrays (at most one node per item occurrence, far fewer when baskets share prefixes), one
/// reusable tree per itemset length and thread, and the itemsets, which stop at <see cref="RuleMiningOptions.MemoryBudgetBytes"/>
/// (joining the per-item segments holds them twice for a moment). Parallel: the items of the first tree are mined on
/// <see cref="RuleMiningOptions.Threads"/> threads; the result is byte-identical for every thread count.
/// </remarks>
public static class FpGrowth
{
    /// <summary>Mines the itemsets of <paramref name="baskets"/> with at least the minimum support and at most the maximum length.</summary>
    /// <exception cref="RuleMiningException">The itemsets would exceed the memory budget.</exception>
    public static FrequentItemsets Mine(BasketSet baskets, RuleMiningOptions options)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var used = 0;
        var itemCounts = new int[baskets.ItemCount];
        for (var b = 0; b < baskets.Count; b++)
        {
            var basket = baskets[b];
            if (basket.Length > options.MaxBasket)
            {
                continue;
            }

            used++;
            foreach (var item in basket)
            {
                itemCounts[item]++;
            }
        }

        var skipped = baskets.Count - used;
        if (used == 0)
        {
            return Join([], new RuleMiningStats(0, skipped, 0, 0, 0, 0));
        }

        var minCount = options.MinCount(used);
        var (rankToItem, itemToRank) = Rank(itemCounts, minCount);
        var estimate = Estimate(baskets, options, itemToRank, rankToItem.Length, minCount);
        if (rankToItem.Length == 0)
        {
            return Join([], new RuleMiningStats(used, skipped, minCount, 0, estimate, 1));
        }

        var tree = new FpTree(rankToItem.Length);
        var ranks = new int[Math.Min(options.MaxBasket, rankToItem.Length)];
        for (var b = 0; b < baskets.Count; b++)
        {
            var basket = baskets[b];
            if (basket.Length > options.MaxBasket)
            {
                continue;
            }

            var length = 0;
            foreach (var item in basket)
            {
                var rank = itemToRank[item];
                if (rank >= 0)
                {
                    ranks[length++] = rank;
                }
            }

            if (length > 0)
            {
                var path = ranks.AsSpan(0, length);
                path.Sort();
                tree.Insert(path, 1);
            }
        }

        var segments = MineItems(tree, options, minCount, rankToItem, new ItemsetBudget(options, estimate));
        return Join(segments, new RuleMiningStats(used, skipped, minCount, rankToItem.Length, estimate, tree.Nodes));
    }

    /// <summary>
    /// Mines under each item of the first tree, on up to <see cref="RuleMiningOptions.Threads"/> threads: the items'
    /// conditional trees are independent, and each item's itemsets land in its own segment, so the segments in header
    /// order are the serial result whatever thread mined which item.
    /// </summary>
    private static ItemsetSegment[] MineItems(FpTree tree, RuleMiningOptions options, int minCount, int[] rankToItem, ItemsetBudget budget)
    {
        var items = tree.Items.ToArray();
        var levels = Math.Min(options.MaxLength, rankToItem.Length);
        var segments = new ItemsetSegment[items.Length];
        var threads = options.ThreadCount();
        if (threads == 1 || items.Length == 1)
        {
            var miner = new FpMiner(levels, minCount, rankToItem, budget);
            for (var i = 0; i < items.Length; i++)
            {
                segments[i] = miner.MineItem(tree, items[i]);
            }

            return segments;
        }

        try
        {
            Parallel.For(0, items.Length, new ParallelOptions { MaxDegreeOfParallelism = threads },
                () => new FpMiner(levels, minCount, rankToItem, budget),
                (i, _, miner) =>
                {
                    segments[i] = miner.MineItem(tree, items[i]);
                    return miner;
                },
                _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is RuleMiningException) is RuleMiningException over)
        {
            // Another thread may have stopped on the same budget at once; the first message says all there is.
            ExceptionDispatchInfo.Throw(over);
        }

        return segments;
    }

    /// <summary>The segments one after another as one set of itemsets; each segment is let go once copied.</summary>
    private static FrequentItemsets Join(ItemsetSegment[] segments, RuleMiningStats stats)
    {
        long count = 0;
        long length = 0;
        foreach (var segment in segments)
        {
            count += segment.Count;
            length += segment.Length;
        }

        var offsets = new int[count + 1];
        var items = new int[length];
        var counts = new int[count];
        var at = 0;
        var itemAt = 0;
        for (var s = 0; s < segments.Length; s++)
        {
            var segment = segments[s];
            segment.CopyTo(offsets, items, counts, at, itemAt);
            at += segment.Count;
            itemAt += segment.Length;
            segments[s] = null!;
        }

        return new FrequentItemsets(offsets, items, counts, at, stats);
    }

    /// <summary>Frequent items ranked by count, most frequent first (ties by code); -1 for the others.</summary>
    private static (int[] RankToItem, int[] ItemToRank) Rank(int[] itemCounts, int minCount)
    {
        var frequent = new List<int>();
        for (var item = 0; item < itemCounts.Length; item++)
        {
            if (itemCounts[item] >= minCount)
            {
                frequent.Add(item);
            }
        }

        var rankToItem = frequent.ToArray();
        Array.Sort(rankToItem, (a, b) => itemCounts[a] != itemCounts[b] ? itemCounts[b].CompareTo(itemCounts[a]) : a.CompareTo(b));
        var itemToRank = new int[itemCounts.Length];
        itemToRank.AsSpan().Fill(-1);
        for (var rank = 0; rank < rankToItem.Length; rank++)
        {
            itemToRank[rankToItem[rank]] = rank;
        }

        return (rankToItem, itemToRank);
    }

    /// <summary>The upper bound of <see cref="RuleMiningStats.EstimatedItemsets"/>.</summary>
    private static double Estimate(BasketSet baskets, RuleMiningOptions options, int[] itemToRank, int frequentItems, int minCount)
    {
        var lengths = Math.Min(options.MaxLength, frequentItems);
        if (lengths == 0)
        {
            return 0;
        }

        var sums = new double[lengths + 1];
        for (var b = 0; b < baskets.Count; b++)
        {
            var basket = baskets[b];
            if (basket.Length > options.MaxBasket)
            {
                continue;
            }

            var m = 0;
            foreach (var item in basket)
            {
                if (itemToRank[item] >= 0)
                {
                    m++;
                }
            }

            var choose = 1.0;
            for (var k = 1; k <= lengths && k <= m; k++)
            {
                choose = choose * (m - k + 1) / k;
                sums[k] += choose;
            }
        }

        var total = 0.0;
        var all = 1.0;
        for (var k = 1; k <= lengths; k++)
        {
            all = all * (frequentItems - k + 1) / k;
            total += Math.Min(all, Math.Floor(sums[k] / minCount));
        }

        return total;
    }

    internal static string Describe(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
