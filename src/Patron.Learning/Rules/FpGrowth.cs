using System.Globalization;

namespace Patron.Learning.Rules;

/// <summary>
/// Frequent itemsets by FP-Growth (Han, Pei &amp; Yin 2000): one pass counts items, a second builds a prefix tree of
/// the baskets over their frequent items (most frequent nearest the root), and each item's conditional pattern base
/// (the tree paths above its nodes) becomes a smaller tree mined the same way, up to the maximum length.
/// </summary>
/// <remarks>
/// Memory: the tree's arrays (at most one node per item occurrence, far fewer when baskets share prefixes), one
/// reusable tree per itemset length, and the itemsets, which stop at <see cref="RuleMiningOptions.MemoryBudgetBytes"/>.
/// </remarks>
public sealed class FpGrowth
{
    private readonly RuleMiningOptions _options;
    private readonly int _minCount;
    private readonly int[] _rankToItem;
    private readonly FpTree[] _trees;
    private readonly int[][] _conditionalCounts;
    private readonly int[] _touched;
    private readonly int[] _path;
    private readonly int[] _suffix;
    private readonly ItemsetWriter _writer;

    private FpGrowth(RuleMiningOptions options, int minCount, int[] rankToItem, double estimate)
    {
        _options = options;
        _minCount = minCount;
        _rankToItem = rankToItem;
        var levels = Math.Min(options.MaxLength, Math.Max(1, rankToItem.Length));
        _trees = new FpTree[levels];
        _conditionalCounts = new int[levels][];
        for (var i = 0; i < levels; i++)
        {
            _trees[i] = new FpTree(rankToItem.Length);
            _conditionalCounts[i] = new int[rankToItem.Length];
        }

        _touched = new int[rankToItem.Length];
        _path = new int[rankToItem.Length];
        _suffix = new int[levels];
        _writer = new ItemsetWriter(options, estimate);
    }

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
            return new FrequentItemsets([0], [], [], 0, new RuleMiningStats(0, skipped, 0, 0, 0, 0));
        }

        var minCount = options.MinCount(used);
        var (rankToItem, itemToRank) = Rank(itemCounts, minCount);
        var estimate = Estimate(baskets, options, itemToRank, rankToItem.Length, minCount);
        var miner = new FpGrowth(options, minCount, rankToItem, estimate);
        if (rankToItem.Length == 0)
        {
            return miner._writer.Build(new RuleMiningStats(used, skipped, minCount, 0, estimate, 1));
        }

        var tree = miner._trees[0];
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

        var nodes = tree.Nodes;
        miner.MineTree(0);
        return miner._writer.Build(new RuleMiningStats(used, skipped, minCount, rankToItem.Length, estimate, nodes));
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

    private void MineTree(int depth)
    {
        var tree = _trees[depth];
        foreach (var item in tree.Items)
        {
            _suffix[depth] = item;
            _writer.Add(_suffix.AsSpan(0, depth + 1), _rankToItem, tree.Support(item));
            if (depth + 1 < _trees.Length && BuildConditional(tree, item, depth + 1))
            {
                MineTree(depth + 1);
            }
        }
    }

    /// <summary>Fills the tree at <paramref name="depth"/> with <paramref name="item"/>'s conditional pattern base; false when it has no frequent item.</summary>
    private bool BuildConditional(FpTree tree, int item, int depth)
    {
        var counts = _conditionalCounts[depth];
        var touched = 0;
        for (var node = tree.Head(item); node != -1; node = tree.Next(node))
        {
            var count = tree.Count(node);
            for (var up = tree.Parent(node); !tree.IsRoot(up); up = tree.Parent(up))
            {
                var above = tree.Item(up);
                if (counts[above] == 0)
                {
                    _touched[touched++] = above;
                }

                counts[above] += count;
            }
        }

        var any = false;
        for (var i = 0; i < touched && !any; i++)
        {
            any = counts[_touched[i]] >= _minCount;
        }

        var conditional = _trees[depth];
        conditional.Reset();
        if (any)
        {
            for (var node = tree.Head(item); node != -1; node = tree.Next(node))
            {
                // Walking up meets ranks in descending order; the path is written backwards to come out ascending.
                var length = 0;
                for (var up = tree.Parent(node); !tree.IsRoot(up); up = tree.Parent(up))
                {
                    if (counts[tree.Item(up)] >= _minCount)
                    {
                        length++;
                    }
                }

                if (length == 0)
                {
                    continue;
                }

                var at = length;
                for (var up = tree.Parent(node); !tree.IsRoot(up); up = tree.Parent(up))
                {
                    if (counts[tree.Item(up)] >= _minCount)
                    {
                        _path[--at] = tree.Item(up);
                    }
                }

                conditional.Insert(_path.AsSpan(0, length), tree.Count(node));
            }
        }

        for (var i = 0; i < touched; i++)
        {
            counts[_touched[i]] = 0;
        }

        return any;
    }

    internal static string Describe(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
