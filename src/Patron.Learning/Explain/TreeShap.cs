namespace Patron.Learning.Explain;

/// <summary>Exact path-dependent TreeSHAP (Lundberg, Erion &amp; Lee 2018, "Consistent individualized feature attribution
/// for tree ensembles", Algorithm 2): Shapley values of a tree's output where a feature outside the coalition is
/// integrated out by following both children weighted by their training cover.</summary>
/// <remarks>Runs in O(leaves x depth^2) per tree. The contributions of a tree plus its cover-weighted mean leaf value
/// equal the tree's output for the row. The row enters only through the direction it takes at each internal node
/// (missing values and categories already resolved by the tree's own routing), and a leaf's share only through the
/// directions on its own path, which is what lets <see cref="TreeShapPart"/> tabulate a part of a tree once for every
/// pattern of directions.</remarks>
internal static class TreeShap
{
    /// <summary>Path buffer length for a tree of the given depth: each level copies its parent's path (at most depth + 1
    /// elements) right after it.</summary>
    public static int PathLength(int depth) => ((depth + 2) * (depth + 3) / 2) + depth + 3;

    /// <summary>Adds the Shapley values of one part of a tree (the share of the leaves under the part's root), times
    /// <paramref name="scale"/>, to <paramref name="slots"/> (indexed by <see cref="TreeShapPart.Slot"/>, not by schema
    /// column). A part rooted at the tree's root gives the whole tree's values.</summary>
    /// <param name="part">The part and its split-feature slots.</param>
    /// <param name="goesLeft">Per node id, whether the row goes left there; read at the part's nodes only.</param>
    /// <param name="scale">Multiplies every leaf value.</param>
    /// <param name="slots">Length ≥ the part's slot count.</param>
    /// <param name="path">Scratch of at least <see cref="PathLength"/>(depth) elements.</param>
    public static void Accumulate(TreeShapPart part, ReadOnlySpan<bool> goesLeft, double scale, Span<double> slots, PathElement[] path) =>
        Recurse(part, goesLeft, slots, scale, path, 0, 0, 0, 0, 1.0, 1.0, -1);

    // parentOffset: where the parent's path starts in the shared buffer; depth: slot of the element added here; level:
    // the node's depth in the tree (depth stays put when a feature repeats).
    private static void Recurse(
        TreeShapPart part,
        ReadOnlySpan<bool> goesLeft,
        Span<double> slots,
        double scale,
        PathElement[] path,
        int node,
        int level,
        int parentOffset,
        int depth,
        double zeroFraction,
        double oneFraction,
        int slot)
    {
        // Each level works on its own copy of the path so siblings see the parent's state.
        var offset = parentOffset + depth + 1;
        Array.Copy(path, parentOffset, path, offset, depth + 1);
        Extend(path, offset, depth, zeroFraction, oneFraction, slot);

        var tree = part.Tree;
        var split = part.Slot[node];
        if (split < 0)
        {
            var value = tree.Value[node] * scale;
            for (var i = 1; i <= depth; i++)
            {
                var weight = UnwoundSum(path, offset, depth, i);
                ref readonly var e = ref path[offset + i];
                slots[e.Slot] += weight * (e.One - e.Zero) * value;
            }

            return;
        }

        var left = goesLeft[node];
        var hot = left ? tree.Left[node] : tree.Right[node];
        var cold = left ? tree.Right[node] : tree.Left[node];
        var cover = tree.Cover[node];
        var hotZero = cover > 0 ? tree.Cover[hot] / cover : 0;
        var coldZero = cover > 0 ? tree.Cover[cold] / cover : 0;

        // A feature met again on the path is folded into one element: undo its earlier extension first.
        double incomingZero = 1, incomingOne = 1;
        var k = 1;
        while (k <= depth && path[offset + k].Slot != split)
        {
            k++;
        }

        var nextDepth = depth + 1;
        if (k <= depth)
        {
            incomingZero = path[offset + k].Zero;
            incomingOne = path[offset + k].One;
            Unwind(path, offset, depth, k);
            nextDepth = depth;
        }

        // Above the part's root only the child towards it is followed: the other side's leaves belong to other parts.
        // The steps taken are those of the whole tree's recursion, so the leaves of the part get the same values.
        var next = level + 1 < part.Path.Length ? part.Path[level + 1] : -1;
        if (next < 0 || next == hot)
        {
            Recurse(part, goesLeft, slots, scale, path, hot, level + 1, offset, nextDepth, hotZero * incomingZero, incomingOne, split);
        }

        if ((next < 0 || next == cold) && coldZero * incomingZero > 0)
        {
            // A cold branch with no cover contributes nothing (and would divide by zero when unwinding).
            Recurse(part, goesLeft, slots, scale, path, cold, level + 1, offset, nextDepth, coldZero * incomingZero, 0, split);
        }
    }

    private static void Extend(PathElement[] path, int offset, int depth, double zero, double one, int slot)
    {
        path[offset + depth] = new PathElement { Slot = slot, Zero = zero, One = one, Weight = depth == 0 ? 1 : 0 };
        for (var i = depth - 1; i >= 0; i--)
        {
            path[offset + i + 1].Weight += one * path[offset + i].Weight * (i + 1) / (depth + 1);
            path[offset + i].Weight = zero * path[offset + i].Weight * (depth - i) / (depth + 1);
        }
    }

    private static void Unwind(PathElement[] path, int offset, int depth, int index)
    {
        var one = path[offset + index].One;
        var zero = path[offset + index].Zero;
        var next = path[offset + depth].Weight;
        for (var j = depth - 1; j >= 0; j--)
        {
            if (one != 0)
            {
                var saved = path[offset + j].Weight;
                path[offset + j].Weight = next * (depth + 1) / ((j + 1) * one);
                next = saved - (path[offset + j].Weight * zero * (depth - j) / (depth + 1));
            }
            else
            {
                path[offset + j].Weight = path[offset + j].Weight * (depth + 1) / (zero * (depth - j));
            }
        }

        for (var j = index; j < depth; j++)
        {
            path[offset + j].Slot = path[offset + j + 1].Slot;
            path[offset + j].Zero = path[offset + j + 1].Zero;
            path[offset + j].One = path[offset + j + 1].One;
        }
    }

    // The total weight the path would have with element `index` removed, without changing the path.
    private static double UnwoundSum(PathElement[] path, int offset, int depth, int index)
    {
        var one = path[offset + index].One;
        var zero = path[offset + index].Zero;
        var next = path[offset + depth].Weight;
        var total = 0.0;
        if (one != 0)
        {
            for (var j = depth - 1; j >= 0; j--)
            {
                var w = next * (depth + 1) / ((j + 1) * one);
                total += w;
                next = path[offset + j].Weight - (w * zero * (depth - j) / (depth + 1));
            }
        }
        else
        {
            for (var j = depth - 1; j >= 0; j--)
            {
                total += path[offset + j].Weight * (depth + 1) / (zero * (depth - j));
            }
        }

        return total;
    }

    /// <summary>One element of the feature path: the split's slot, the cover share (zero) and whether the row follows
    /// this way (one) of the features met so far, and the permutation weight.</summary>
    internal struct PathElement
    {
        public int Slot;
        public double Zero;
        public double One;
        public double Weight;
    }
}
