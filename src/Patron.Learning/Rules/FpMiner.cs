namespace Patron.Learning.Rules;

/// <summary>
/// One thread's working memory for FP-Growth: a reusable conditional tree and count table per depth below the first
/// tree, and the path and suffix buffers. <see cref="MineItem"/> mines everything under one item of the first tree.
/// </summary>
/// <remarks>Not thread-safe: each thread owns one. The first tree it reads is never written while mining.</remarks>
internal sealed class FpMiner
{
    private readonly int _minCount;
    private readonly int[] _rankToItem;
    private readonly ItemsetBudget _budget;
    private readonly FpTree?[] _trees;
    private readonly int[]?[] _conditionalCounts;
    private readonly int[] _touched;
    private readonly int[] _path;
    private readonly int[] _suffix;

    /// <param name="levels">Longest itemset mined (at least 1).</param>
    /// <param name="minCount">Smallest basket count of a frequent itemset.</param>
    /// <param name="rankToItem">Item code of each frequency rank.</param>
    /// <param name="budget">The run's budget, shared with the other threads.</param>
    public FpMiner(int levels, int minCount, int[] rankToItem, ItemsetBudget budget)
    {
        _minCount = minCount;
        _rankToItem = rankToItem;
        _budget = budget;
        _trees = new FpTree?[levels];
        _conditionalCounts = new int[]?[levels];
        for (var depth = 1; depth < levels; depth++)
        {
            _trees[depth] = new FpTree(rankToItem.Length);
            _conditionalCounts[depth] = new int[rankToItem.Length];
        }

        _touched = new int[rankToItem.Length];
        _path = new int[rankToItem.Length];
        _suffix = new int[levels];
    }

    /// <summary>The itemsets ending in <paramref name="item"/> of the first tree (the item, then longer ones), in the serial order.</summary>
    public ItemsetSegment MineItem(FpTree first, int item)
    {
        var segment = new ItemsetSegment();
        _suffix[0] = item;
        Add(segment, 1, first.Support(item));
        if (_trees.Length > 1 && BuildConditional(first, item, 1))
        {
            MineTree(1, segment);
        }

        return segment;
    }

    private void MineTree(int depth, ItemsetSegment segment)
    {
        var tree = _trees[depth]!;
        foreach (var item in tree.Items)
        {
            _suffix[depth] = item;
            Add(segment, depth + 1, tree.Support(item));
            if (depth + 1 < _trees.Length && BuildConditional(tree, item, depth + 1))
            {
                MineTree(depth + 1, segment);
            }
        }
    }

    private void Add(ItemsetSegment segment, int length, int support)
    {
        _budget.Charge(length);
        segment.Add(_suffix.AsSpan(0, length), _rankToItem, support);
    }

    /// <summary>Fills the tree at <paramref name="depth"/> with <paramref name="item"/>'s conditional pattern base; false when it has no frequent item.</summary>
    private bool BuildConditional(FpTree tree, int item, int depth)
    {
        var counts = _conditionalCounts[depth]!;
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

        var conditional = _trees[depth]!;
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
}
