using System.Numerics;
using Patron.Learning.Trees;

namespace Patron.Learning.Explain;

/// <summary>The leaves under one node of a tree (the part's root), prepared for TreeSHAP. The share of Shapley value
/// those leaves produce depends on the row only through the directions it takes at the part's nodes: the root's
/// ancestors and the internal nodes under it. A pattern numbers those directions (bit b set: the row goes left at
/// <see cref="Nodes"/>[b]), so a part with few nodes can be tabulated for every pattern.</summary>
/// <remarks>The split features the part's nodes use are numbered densely as slots, so the part's values are a short
/// vector. Immutable and thread-safe.</remarks>
internal sealed class TreeShapPart
{
    public TreeShapPart(DecisionTree tree, int[] path)
    {
        Tree = tree;
        Path = path;
        Slot = new int[tree.NodeCount];
        Array.Fill(Slot, -1);
        var features = new List<int>();
        var nodes = new List<int>();
        foreach (var ancestor in path.AsSpan(0, path.Length - 1))
        {
            Add(ancestor, features, nodes);
        }

        var stack = new Stack<int>();
        stack.Push(path[^1]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (tree.Feature[node] < 0)
            {
                continue;
            }

            Add(node, features, nodes);
            stack.Push(tree.Right[node]);
            stack.Push(tree.Left[node]);
        }

        Features = [.. features];
        Nodes = [.. nodes];
        // Only a part whose pattern fits an int can be tabulated, so only such a part has its patterns computed: a
        // deep tree's whole-tree part (a forest's) keeps no tables.
        _categoryBits = new int[Nodes.Length < 31 ? Nodes.Length : 0][];
        for (var b = 0; b < _categoryBits.Length; b++)
        {
            _categoryBits[b] = CategoryBits(tree, Nodes[b], 1 << b);
        }
    }

    /// <summary>Codes up to this are looked up in a categorical node's table; NaN, negative and larger codes take the
    /// table's last entry.</summary>
    internal const int TabulatedCodes = 64;

    // Per node of Nodes, for a categorical split over at most TabulatedCodes codes: the pattern bit (or 0) of each code
    // 0 .. TabulatedCodes - 1 and, last, of the default direction; else null.
    private readonly int[]?[] _categoryBits;

    public DecisionTree Tree { get; }

    /// <summary>The node ids from the tree's root down to the part's root (just the root for a whole-tree part).</summary>
    public int[] Path { get; }

    /// <summary>Per node id, the slot of its split feature for the part's internal nodes, else -1.</summary>
    public int[] Slot { get; }

    /// <summary>Per slot, the schema column it stands for.</summary>
    public int[] Features { get; }

    /// <summary>The nodes whose directions the part's values depend on: the ancestors of the part's root, then the internal
    /// nodes under it (depth first); bit b of a pattern is the direction at Nodes[b].</summary>
    public int[] Nodes { get; }

    /// <summary>Writes the pattern of rows <paramref name="start"/>.. into <paramref name="patterns"/>, one node at a
    /// time, so each pass reads one feature's cells in order.</summary>
    public void Patterns(float[][] columns, int start, Span<int> patterns)
    {
        patterns.Clear();
        var tree = Tree;
        for (var b = 0; b < Nodes.Length; b++)
        {
            var node = Nodes[b];
            var cells = columns[tree.Feature[node]].AsSpan(start, patterns.Length);
            var bit = 1 << b;
            if (b < _categoryBits.Length && _categoryBits[b] is { } codeBits)
            {
                // One table read per cell: a code out of range and NaN both read the default's entry, as GoesLeft
                // sends them.
                for (var i = 0; i < cells.Length; i++)
                {
                    var value = cells[i];
                    var code = (int)value;
                    patterns[i] |= codeBits[(uint)code < TabulatedCodes && !float.IsNaN(value) ? code : TabulatedCodes];
                }

                continue;
            }

            if (tree.CategoryOffset[node] >= 0)
            {
                for (var i = 0; i < cells.Length; i++)
                {
                    patterns[i] |= tree.GoesLeft(node, cells[i]) ? bit : 0;
                }

                continue;
            }

            // Numeric split: x <= threshold goes left, and NaN follows the default direction. "Not greater" is true
            // for NaN, "less or equal" false, so each default gets one comparison (a vector of them at a time).
            var threshold = tree.Threshold[node];
            var defaultLeft = tree.DefaultLeft[node];
            var done = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var thresholds = new Vector<float>(threshold);
                var bits = new Vector<int>(bit);
                for (; done <= cells.Length - Vector<float>.Count; done += Vector<float>.Count)
                {
                    var values = new Vector<float>(cells[done..]);
                    var left = defaultLeft ? ~Vector.GreaterThan(values, thresholds) : Vector.LessThanOrEqual(values, thresholds);
                    (new Vector<int>(patterns[done..]) | (left & bits)).CopyTo(patterns[done..]);
                }
            }

            for (var i = done; i < cells.Length; i++)
            {
                patterns[i] |= (defaultLeft ? !(cells[i] > threshold) : cells[i] <= threshold) ? bit : 0;
            }
        }
    }

    /// <summary>Sets <paramref name="goesLeft"/>[node] for the part's nodes from a pattern.</summary>
    public void Route(int pattern, Span<bool> goesLeft)
    {
        for (var b = 0; b < Nodes.Length; b++)
        {
            goesLeft[Nodes[b]] = ((pattern >> b) & 1) != 0;
        }
    }

    /// <summary>Adds the part's vector (by slot) into a row's contributions (by schema column).</summary>
    public void AddTo(ReadOnlySpan<double> slots, Span<double> phi)
    {
        var features = Features;
        for (var k = 0; k < features.Length; k++)
        {
            phi[features[k]] += slots[k];
        }
    }

    /// <summary>The part's values for every pattern: pattern p's vector at <c>p × slots</c>, each computed by the exact
    /// recursion from zero, as the direct path does.</summary>
    public double[] Tabulate(double scale, bool[] goesLeft, TreeShap.PathElement[] path)
    {
        var width = Features.Length;
        var table = new double[(1 << Nodes.Length) * width];
        for (var pattern = 0; pattern < 1 << Nodes.Length; pattern++)
        {
            Route(pattern, goesLeft);
            TreeShap.Accumulate(this, goesLeft, scale, table.AsSpan(pattern * width, width), path);
        }

        return table;
    }

    // The bit a code's direction sets at a categorical node, per code and (last) for the default, from GoesLeft itself;
    // null for numeric nodes and for category sets over more than TabulatedCodes codes.
    private static int[]? CategoryBits(DecisionTree tree, int node, int bit)
    {
        if (tree.CategoryOffset[node] < 0 || tree.CategoryWords[node] * 32 > TabulatedCodes)
        {
            return null;
        }

        var bits = new int[TabulatedCodes + 1];
        for (var code = 0; code < TabulatedCodes; code++)
        {
            bits[code] = tree.GoesLeft(node, code) ? bit : 0;
        }

        bits[TabulatedCodes] = tree.GoesLeft(node, float.NaN) ? bit : 0;
        return bits;
    }

    private void Add(int node, List<int> features, List<int> nodes)
    {
        nodes.Add(node);
        var feature = Tree.Feature[node];
        var slot = features.IndexOf(feature);
        if (slot < 0)
        {
            slot = features.Count;
            features.Add(feature);
        }

        Slot[node] = slot;
    }
}
