using Patron.Learning.Trees;

namespace Patron.Learning.Explain;

/// <summary>One tree prepared for TreeSHAP: cut into parts at the shallowest depth whose parts can all be tabulated
/// within <see cref="MaxPatterns"/> patterns (a depth-4 tree: the two halves under the root, 2 × 2^8 patterns), or
/// left whole when no depth qualifies (deep trees, which are then explained directly).</summary>
/// <remarks>A tree's contributions are always summed part by part in part order, tabulated or not, so the direct and
/// the tabulated path give the same bits. Immutable and thread-safe.</remarks>
internal sealed class TreeShapLayout
{
    /// <summary>Most patterns a tree's tables may hold together (each a vector over the part's split features).</summary>
    public const int MaxPatterns = 4_096;

    public TreeShapLayout(DecisionTree tree)
    {
        Tree = tree;
        var internalNodes = new List<int>();
        for (var node = 0; node < tree.NodeCount; node++)
        {
            if (tree.Feature[node] >= 0)
            {
                internalNodes.Add(node);
            }
        }

        InternalNodes = [.. internalNodes];
        PathLength = TreeShap.PathLength(tree.Depth);
        for (var cut = 0; cut <= tree.Depth; cut++)
        {
            var roots = new List<int[]>();
            Roots(0, [], cut, roots);
            var patterns = 0L;
            var parts = new TreeShapPart[roots.Count];
            for (var p = 0; p < parts.Length && patterns <= MaxPatterns; p++)
            {
                parts[p] = new TreeShapPart(tree, roots[p]);
                patterns += parts[p].Nodes.Length < 31 ? 1L << parts[p].Nodes.Length : long.MaxValue / 2;
            }

            if (patterns <= MaxPatterns)
            {
                Parts = parts;
                Tabulated = true;
                return;
            }
        }

        Parts = [new TreeShapPart(tree, [0])];
    }

    public DecisionTree Tree { get; }

    /// <summary>The parts in order; together they hold every leaf once.</summary>
    public TreeShapPart[] Parts { get; }

    /// <summary>Whether the parts are small enough to be tabulated for every pattern.</summary>
    public bool Tabulated { get; }

    /// <summary>The internal node ids in node order.</summary>
    public int[] InternalNodes { get; }

    /// <summary>Path buffer length TreeSHAP needs for this tree.</summary>
    public int PathLength { get; }

    /// <summary>Most slots of any part.</summary>
    public int MaxSlots
    {
        get
        {
            var slots = 0;
            foreach (var part in Parts)
            {
                slots = Math.Max(slots, part.Features.Length);
            }

            return slots;
        }
    }

    /// <summary>Sets <paramref name="goesLeft"/>[node] for every internal node from the row's values.</summary>
    public void Route(float[][] columns, int row, Span<bool> goesLeft)
    {
        var tree = Tree;
        foreach (var node in InternalNodes)
        {
            goesLeft[node] = tree.GoesLeft(node, columns[tree.Feature[node]][row]);
        }
    }

    /// <summary>The layouts of an ensemble, in tree order.</summary>
    public static TreeShapLayout[] Of(DecisionTree[] trees)
    {
        var layouts = new TreeShapLayout[trees.Length];
        for (var t = 0; t < trees.Length; t++)
        {
            layouts[t] = new TreeShapLayout(trees[t]);
        }

        return layouts;
    }

    // The root-to-node paths of the nodes at depth `cut`, and of the leaves above it, left to right.
    private void Roots(int node, int[] above, int cut, List<int[]> roots)
    {
        int[] path = [.. above, node];
        if (path.Length == cut + 1 || Tree.Feature[node] < 0)
        {
            roots.Add(path);
            return;
        }

        Roots(Tree.Left[node], path, cut, roots);
        Roots(Tree.Right[node], path, cut, roots);
    }
}
