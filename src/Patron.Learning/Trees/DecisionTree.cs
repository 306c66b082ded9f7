using System.Runtime.CompilerServices;

namespace Patron.Learning.Trees;

/// <summary>One trained regression tree as flat node arrays that score raw float features: numeric nodes send
/// <c>x &lt;= threshold</c> left, categorical nodes send the codes in their bitset left, and missing values (or unseen
/// codes) follow the node's learned default direction.</summary>
/// <remarks>Node 0 is the root; a leaf has feature -1. Cover is the training weight that reached each node (rows or
/// hessian, see the learner), used by TreeSHAP; gain is the loss reduction of each split. Immutable and thread-safe.</remarks>
public sealed partial class DecisionTree
{
    // The branch-free walk's tables (null for a tree with categorical splits): see AddValues.
    private readonly int[]? _next;
    private readonly int[]? _stepFeature;

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
        if (!HasCategorySplit(categoryOffset, feature))
        {
            (_next, _stepFeature) = StepTables(feature, left, right);
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
    /// <remarks>A tree without categorical splits is walked branch-free, four rows at a time, for exactly
    /// <see cref="Depth"/> steps (a leaf steps to itself): the walk's loads overlap across the four rows and no step
    /// waits on a mispredicted direction. A tree with categorical splits walks row by row.</remarks>
    internal void AddValues(float[][] columns, int start, int end, double[] result)
    {
        var next = _next;
        var value = Value;
        if (next is null)
        {
            for (var i = start; i < end; i++)
            {
                result[i] += value[LeafIndex(columns, i)];
            }

            return;
        }

        var depth = Depth;
        var row = start;
        for (; row + 4 <= end; row += 4)
        {
            int n0 = 0, n1 = 0, n2 = 0, n3 = 0;
            for (var d = 0; d < depth; d++)
            {
                n0 = Step(columns, next, n0, row);
                n1 = Step(columns, next, n1, row + 1);
                n2 = Step(columns, next, n2, row + 2);
                n3 = Step(columns, next, n3, row + 3);
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
                node = Step(columns, next, node, row);
            }

            result[row] += value[node];
        }
    }

    // One branch-free step of a numeric tree: left when x <= threshold, or when x is missing and the default is left
    // (the directions of GoesLeft); leaves read any column and stay where they are.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Step(float[][] columns, int[] next, int node, int row)
    {
        var x = columns[_stepFeature![node]][row];
        var left = (x <= Threshold[node]) | (float.IsNaN(x) & DefaultLeft[node]);
        return next[(2 * node) + (left ? 0 : 1)];
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

    // Per node its two children (a leaf: itself twice) and the column a step reads (a leaf: column 0).
    private static (int[] Next, int[] StepFeature) StepTables(int[] feature, int[] left, int[] right)
    {
        var next = new int[2 * feature.Length];
        var stepFeature = new int[feature.Length];
        for (var node = 0; node < feature.Length; node++)
        {
            var leaf = feature[node] < 0;
            next[2 * node] = leaf ? node : left[node];
            next[(2 * node) + 1] = leaf ? node : right[node];
            stepFeature[node] = leaf ? 0 : feature[node];
        }

        return (next, stepFeature);
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
