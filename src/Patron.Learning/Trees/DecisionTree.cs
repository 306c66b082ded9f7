using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Patron.Learning.Trees;

/// <summary>One trained regression tree as flat node arrays that score raw float features: numeric nodes send
/// <c>x &lt;= threshold</c> left, categorical nodes send the codes in their bitset left, and missing values (or unseen
/// codes) follow the node's learned default direction.</summary>
/// <remarks>Node 0 is the root; a leaf has feature -1. Cover is the training weight that reached each node (rows or
/// hessian, see the learner), used by TreeSHAP; gain is the loss reduction of each split. Immutable and thread-safe.</remarks>
public sealed partial class DecisionTree
{
    // The branch-free walk's nodes (null for a tree with a category set over more than 64 codes, which walks row by
    // row), whether any node is categorical, and the highest column a node reads: see AddValues.
    private readonly WalkNode[]? _walk;
    private readonly bool _walkCategories;
    private readonly int _walkColumns;

    internal DecisionTree(
        int[] feature,
        float[] threshold,
        bool[] defaultLeft,
        int[] left,
        int[] right,
        double[] value,
        double[] cover,
        double[] gain,
        int[] categoryOffset,
        int[] categoryWords,
        uint[] categoryBits)
    {
        Feature = feature;
        Threshold = threshold;
        DefaultLeft = defaultLeft;
        Left = left;
        Right = right;
        Value = value;
        Cover = cover;
        Gain = gain;
        CategoryOffset = categoryOffset;
        CategoryWords = categoryWords;
        CategoryBits = categoryBits;
        Depth = ComputeDepth(0);
        ExpectedValue = ComputeExpectation(0);
        _walk = WalkNodes();
        _walkCategories = HasCategorySplit(categoryOffset, feature);
        foreach (var f in feature)
        {
            _walkColumns = Math.Max(_walkColumns, f + 1);
        }
    }

    /// <summary>Number of nodes, internal and leaves.</summary>
    public int NodeCount => Feature.Length;

    /// <summary>Number of leaves.</summary>
    public int LeafCount
    {
        get
        {
            var count = 0;
            foreach (var f in Feature)
            {
                count += f < 0 ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>Length of the longest root-to-leaf path in edges.</summary>
    public int Depth { get; }

    /// <summary>The mean leaf value over the training data: each split weighs its children by their share of cover.
    /// This is the baseline TreeSHAP contributions start from.</summary>
    public double ExpectedValue { get; }

    internal int[] Feature { get; }

    internal float[] Threshold { get; }

    internal bool[] DefaultLeft { get; }

    internal int[] Left { get; }

    internal int[] Right { get; }

    internal double[] Value { get; }

    internal double[] Cover { get; }

    internal double[] Gain { get; }

    /// <summary>Per node, the first word of its category set in <see cref="CategoryBits"/>, or -1 for numeric nodes.</summary>
    internal int[] CategoryOffset { get; }

    /// <summary>Per node, the number of 32-bit words of its category set.</summary>
    internal int[] CategoryWords { get; }

    internal uint[] CategoryBits { get; }

    /// <summary>Whether a row with value <paramref name="value"/> at node <paramref name="node"/> goes to the left child.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool GoesLeft(int node, float value)
    {
        if (float.IsNaN(value))
        {
            return DefaultLeft[node];
        }

        var offset = CategoryOffset[node];
        if (offset < 0)
        {
            return value <= Threshold[node];
        }

        var code = (int)value;
        if (code < 0 || (code >> 5) >= CategoryWords[node])
        {
            return DefaultLeft[node];
        }

        return (CategoryBits[offset + (code >> 5)] & (1u << (code & 31))) != 0;
    }

    /// <summary>The leaf a row reaches, reading feature values from column arrays.</summary>
    internal int LeafIndex(float[][] columns, int row)
    {
        var node = 0;
        var feature = Feature;
        while (feature[node] >= 0)
        {
            node = GoesLeft(node, columns[feature[node]][row]) ? Left[node] : Right[node];
        }

        return node;
    }

    /// <summary>The leaf value a row reaches.</summary>
    internal double Evaluate(float[][] columns, int row) => Value[LeafIndex(columns, row)];

    /// <summary>Adds the leaf value row i reaches to <paramref name="result"/>[i], for rows <paramref name="start"/> to
    /// <paramref name="end"/> − 1: the same leaves as <see cref="LeafIndex"/>, each row's add the same.</summary>
    /// <remarks>The tree is walked branch-free, four rows at a time, for exactly <see cref="Depth"/> steps (a leaf
    /// steps to itself): the walk's loads overlap across the four rows and no step waits on a mispredicted direction.
    /// A node's threshold, column, children and category set sit together in one record. A categorical node tests its
    /// set as a 64-bit mask, so a tree with categorical splits walks the same way; only a tree with a category set over
    /// more than 64 codes walks row by row.</remarks>
    internal void AddValues(float[][] columns, int start, int end, double[] result)
    {
        if (_walk is null)
        {
            var value = Value;
            for (var i = start; i < end; i++)
            {
                result[i] += value[LeafIndex(columns, i)];
            }

            return;
        }

        // The walk reads cells without bounds checks: every column a node names must hold the rows.
        ArgumentOutOfRangeException.ThrowIfLessThan(columns.Length, _walkColumns, nameof(columns));
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, result.Length);
        for (var j = 0; j < _walkColumns; j++)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(columns[j].Length, end, nameof(columns));
        }

        if (_walkCategories)
        {
            Walk(new CategoryStep(_walk, columns), start, end, result);
        }
        else
        {
            Walk(new NumericStep(_walk, columns), start, end, result);
        }
    }

    // The four-row walk over one kind of step; a struct step makes the JIT compile one loop per kind with the step
    // inlined. Compiled optimized from its first call: a scoring pass calls it once per tree and slice of rows, so under
    // tiered compilation the first calls ran it unoptimized with every step a call of its own (an eighth of the drift
    // stage's CPU at 1M lines was spent so, docs/pipeline.md); the additions are the same in either compilation.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Walk<TStep>(TStep step, int start, int end, double[] result)
        where TStep : struct, IStep
    {
        var value = Value;
        var depth = Depth;
        var row = start;
        for (; row + 4 <= end; row += 4)
        {
            int n0 = 0, n1 = 0, n2 = 0, n3 = 0;
            for (var d = 0; d < depth; d++)
            {
                n0 = step.Next(n0, row);
                n1 = step.Next(n1, row + 1);
                n2 = step.Next(n2, row + 2);
                n3 = step.Next(n3, row + 3);
            }

            result[row] += value[n0];
            result[row + 1] += value[n1];
            result[row + 2] += value[n2];
            result[row + 3] += value[n3];
        }

        for (; row < end; row++)
        {
            var node = 0;
            for (var d = 0; d < depth; d++)
            {
                node = step.Next(node, row);
            }

            result[row] += value[node];
        }
    }

    private interface IStep
    {
        int Next(int node, int row);
    }

    // One node of the branch-free walk. A leaf reads column 0 and has itself for both children; a numeric node has an
    // empty set and a right outside direction; a categorical node a NaN threshold (no comparison with it is true), its
    // set over codes 0 to 63 and its default as the outside direction.
    [StructLayout(LayoutKind.Sequential)]
    private struct WalkNode
    {
        public float Threshold;
        public int Column;
        public int Left;
        public int Right;
        public ulong Set;
        public bool DefaultLeft;
        public bool Outside;
    }

    // One branch-free step of a numeric tree: left when x <= threshold, or when x is missing and the default is left
    // (the directions of GoesLeft).
    private readonly struct NumericStep(WalkNode[] nodes, float[][] columns) : IStep
    {
        private readonly WalkNode[] _nodes = nodes;
        private readonly float[][] _columns = columns;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Next(int node, int row)
        {
            ref var n = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_nodes), node);
            var column = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_columns), n.Column);
            var x = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(column), row);
            var left = (x <= n.Threshold) | (float.IsNaN(x) & n.DefaultLeft);
            return Unsafe.Add(ref n.Left, left ? 0 : 1);
        }
    }

    // One branch-free step of a tree with categorical splits, the directions of GoesLeft: a numeric node compares its
    // threshold (a categorical node's is NaN: never true); a missing value follows the default; a present value's code
    // (truncated as GoesLeft truncates it; a value no int holds gives a code past 63 either way) is looked up in the
    // node's 64-bit set (a numeric node's is empty), and a code past 63 (or negative) takes the node's outside
    // direction (a categorical node's default; a numeric node's adds nothing).
    private readonly struct CategoryStep(WalkNode[] nodes, float[][] columns) : IStep
    {
        private readonly WalkNode[] _nodes = nodes;
        private readonly float[][] _columns = columns;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Next(int node, int row)
        {
            ref var n = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_nodes), node);
            var column = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_columns), n.Column);
            var x = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(column), row);
            var missing = float.IsNaN(x);
            var code = (uint)float.ConvertToIntegerNative<int>(x);
            var inRange = code < 64;
            var inSet = ((n.Set >> (int)(code & 63)) & 1) != 0;
            var left = (x <= n.Threshold)
                | (missing & n.DefaultLeft)
                | (!missing & ((inRange & inSet) | (!inRange & n.Outside)));
            return Unsafe.Add(ref n.Left, left ? 0 : 1);
        }
    }

    // The walk's nodes, or null when a categorical node's set spans more than 64 codes. Codes from the end of a set's
    // last word to 63 take the default, as GoesLeft sends a code past the set.
    private WalkNode[]? WalkNodes()
    {
        var n = Feature.Length;
        var nodes = new WalkNode[n];
        for (var node = 0; node < n; node++)
        {
            ref var w = ref nodes[node];
            if (Feature[node] < 0)
            {
                (w.Column, w.Left, w.Right) = (0, node, node);
                continue;
            }

            (w.Column, w.Left, w.Right, w.DefaultLeft) = (Feature[node], Left[node], Right[node], DefaultLeft[node]);
            var offset = CategoryOffset[node];
            if (offset < 0)
            {
                w.Threshold = Threshold[node];
                continue;
            }

            var words = CategoryWords[node];
            if (words > 2)
            {
                return null;
            }

            w.Threshold = float.NaN;
            w.Outside = DefaultLeft[node];
            for (var code = 0; code < 64; code++)
            {
                var inSet = (code >> 5) < words
                    ? (CategoryBits[offset + (code >> 5)] & (1u << (code & 31))) != 0
                    : DefaultLeft[node];
                w.Set |= inSet ? 1UL << code : 0;
            }
        }

        return nodes;
    }

    private static bool HasCategorySplit(int[] categoryOffset, int[] feature)
    {
        for (var node = 0; node < feature.Length; node++)
        {
            if (feature[node] >= 0 && categoryOffset[node] >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private double ComputeExpectation(int node)
    {
        if (Feature[node] < 0)
        {
            return Value[node];
        }

        var cover = Cover[node];
        if (!(cover > 0))
        {
            return 0.5 * (ComputeExpectation(Left[node]) + ComputeExpectation(Right[node]));
        }

        return (Cover[Left[node]] / cover * ComputeExpectation(Left[node])) + (Cover[Right[node]] / cover * ComputeExpectation(Right[node]));
    }

    private int ComputeDepth(int node) =>
        Feature[node] < 0 ? 0 : 1 + Math.Max(ComputeDepth(Left[node]), ComputeDepth(Right[node]));
}
