using Patron.Learning.Data;

namespace Patron.Learning.Trees;

/// <summary>Batch scoring shared by the tree ensembles: <c>bias + scale * sum of tree values</c> per row, over row
/// blocks in parallel, trees summed in model order so the result does not depend on threads.</summary>
internal static class TreeEnsemble
{
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
            // Tree-major inside a block keeps one tree's nodes hot in cache while its rows are scored.
            foreach (var tree in trees)
            {
                tree.AddValues(columns, start, end, result);
            }

            for (var i = start; i < end; i++)
            {
                result[i] = bias + (scale * result[i]);
            }
        });
        result.CopyTo(output);
    }
}
