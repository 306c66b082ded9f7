using System.Runtime.CompilerServices;

namespace Patron.Learning.Trees;

/// <summary>One trained regression tree as flat node arrays that score raw float features: numeric nodes send
/// <c>x &lt;= threshold</c> left, categorical nodes send the codes in their bitset left, and missing values (or unseen
/// codes) follow the node's learned default direction.</summary>
/// <remarks>Node 0 is the root; a leaf has feature -1. Cover is the training weight that reached each node (rows or
/// hessian, see the learner), used by TreeSHAP; gain is the loss reduction of each split. Immutable and thread-safe.</remarks>
public sealed partial class DecisionTree
{
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
