using Patron.Learning.Data;

namespace Patron.Learning.Trees;

/// <summary>Batch scoring shared by the tree ensembles: <c>bias + scale * sum of tree values</c> per row, over row
/// blocks in parallel, trees summed in model order so the result does not depend on threads.</summary>
internal static class TreeEnsemble
{
    /// <summary>Rows scored by every tree before the next rows: 1,024 rows of a column are 4 KB, so the columns the
    /// trees read stay in the level-2 cache through the whole ensemble.</summary>
    internal const int SliceRows = 1_024;

    public static float[][] Columns(FeatureMatrix x)
    {
        var columns = new float[x.ColumnCount][];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = x.GetColumnArray(j);
        }

        return columns;
    }

    public static void Score(DecisionTree[] trees, FeatureMatrix x, double bias, double scale, Span<double> output)
    {
        if (output.Length != x.RowCount)
        {
            throw new ArgumentException($"The output has {output.Length} slots for {x.RowCount} rows.", nameof(output));
        }

        var columns = Columns(x);
        var result = new double[x.RowCount];
        RowBlocks.For(x.RowCount, -1, (_, start, end) =>
        {
            // Tree-major inside a slice of the block keeps one tree's nodes hot in cache while its rows are scored,
            // and the slice's cells of every column (a few KB each) stay in the core's cache from one tree to the
            // next. Each row still adds its trees in model order, so the slices change no sum.
            for (var from = start; from < end; from += SliceRows)
            {
                var to = Math.Min(end, from + SliceRows);
                foreach (var tree in trees)
                {
                    tree.AddValues(columns, from, to, result);
                }
            }

            for (var i = start; i < end; i++)
            {
                result[i] = bias + (scale * result[i]);
            }
        });
        result.CopyTo(output);
    }
}
