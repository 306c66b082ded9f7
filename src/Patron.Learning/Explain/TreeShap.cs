using System.Buffers;
using Patron.Learning.Trees;

namespace Patron.Learning.Explain;

/// <summary>Exact path-dependent TreeSHAP (Lundberg, Erion &amp; Lee 2018, "Consistent individualized feature attribution
/// for tree ensembles", Algorithm 2): Shapley values of a tree's output where a feature outside the coalition is
/// integrated out by following both children weighted by their training cover.</summary>
/// <remarks>Runs in O(leaves x depth^2) per tree. The contributions of a tree plus its cover-weighted mean leaf value
/// equal the tree's output for the row. Missing values and categorical splits follow the tree's own routing.</remarks>
internal static class TreeShap
{
    /// <summary>Writes <c>phi[j] = scale * sum over trees of feature j's Shapley value</c> and
    /// <c>phi[^1] = bias + scale * sum of expected tree values</c>.</summary>
    public static void Explain(DecisionTree[] trees, float[][] columns, int row, double scale, double bias, Span<double> phi)
    {
        if (phi.Length != columns.Length + 1)
        {
            throw new ArgumentException($"phi has {phi.Length} slots; expected features + 1 = {columns.Length + 1}.", nameof(phi));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(row);
        if (columns.Length > 0)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, columns[0].Length);
        }

        phi.Clear();
        var maxDepth = 0;
        foreach (var tree in trees)
        {
            maxDepth = Math.Max(maxDepth, tree.Depth);
        }

        // Pooled so explaining many rows does not allocate per row.
        var path = ArrayPool<PathElement>.Shared.Rent(PathLength(maxDepth));
        var expected = 0.0;
        foreach (var tree in trees)
        {
            Recurse(tree, columns, row, phi, scale, path, 0, 0, 0, 1.0, 1.0, -1);
            expected += tree.ExpectedValue;
        }

        ArrayPool<PathElement>.Shared.Return(path);
        phi[^1] = bias + (scale * expected);
    }

    /// <summary>Adds one tree's Shapley values of <paramref name="row"/> to <paramref name="phi"/>.</summary>
    public static void Accumulate(DecisionTree tree, float[][] columns, int row, Span<double> phi, double scale)
    {
        var path = ArrayPool<PathElement>.Shared.Rent(PathLength(tree.Depth));
        Recurse(tree, columns, row, phi, scale, path, 0, 0, 0, 1.0, 1.0, -1);
        ArrayPool<PathElement>.Shared.Return(path);
    }

    // Each level copies its parent's path (at most depth + 1 elements) right after it.
    private static int PathLength(int depth) => ((depth + 2) * (depth + 3) / 2) + depth + 3;

    // parentOffset: where the parent's path starts in the shared buffer; depth: slot of the element added here.
    private static void Recurse(
        DecisionTree tree,
        float[][] columns,
        int row,
        Span<double> phi,
        double scale,
        PathElement[] path,
        int node,
        int parentOffset,
        int depth,
        double zeroFraction,
        double oneFraction,
        int feature)
    {
        // Each level works on its own copy of the path so siblings see the parent's state.
        var offset = parentOffset + depth + 1;
        Array.Copy(path, parentOffset, path, offset, depth + 1);
        Extend(path, offset, depth, zeroFraction, oneFraction, feature);

        var split = tree.Feature[node];
        if (split < 0)
        {
            var value = tree.Value[node] * scale;
            for (var i = 1; i <= depth; i++)
            {
                var weight = UnwoundSum(path, offset, depth, i);
                ref readonly var e = ref path[offset + i];
                phi[e.Feature] += weight * (e.One - e.Zero) * value;
            }

            return;
        }

        var goesLeft = tree.GoesLeft(node, columns[split][row]);
        var hot = goesLeft ? tree.Left[node] : tree.Right[node];
        var cold = goesLeft ? tree.Right[node] : tree.Left[node];
        var cover = tree.Cover[node];
        var hotZero = cover > 0 ? tree.Cover[hot] / cover : 0;
        var coldZero = cover > 0 ? tree.Cover[cold] / cover : 0;

        // A feature met again on the path is folded into one element: undo its earlier extension first.
        double incomingZero = 1, incomingOne = 1;
        var k = 1;
        while (k <= depth && path[offset + k].Feature != split)
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

        Recurse(tree, columns, row, phi, scale, path, hot, offset, nextDepth, hotZero * incomingZero, incomingOne, split);
        if (coldZero * incomingZero > 0)
        {
            // A cold branch with no cover contributes nothing (and would divide by zero when unwinding).
            Recurse(tree, columns, row, phi, scale, path, cold, offset, nextDepth, coldZero * incomingZero, 0, split);
        }
    }

    private static void Extend(PathElement[] path, int offset, int depth, double zero, double one, int feature)
    {
        path[offset + depth] = new PathElement { Feature = feature, Zero = zero, One = one, Weight = depth == 0 ? 1 : 0 };
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
            path[offset + j].Feature = path[offset + j + 1].Feature;
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

    private struct PathElement
    {
        public int Feature;
        public double Zero;
        public double One;
        public double Weight;
    }
}
