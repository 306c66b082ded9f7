using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning.Explain;

/// <summary>Global feature importance as the mean absolute contribution over a set of rows (mean |SHAP| for tree
/// ensembles, the exact contributions for linear models: any <see cref="IExplainable"/>).</summary>
public static class TreeShapImportance
{
    /// <summary>Mean of |contribution| per feature (schema order) over the rows of <paramref name="x"/>.</summary>
    /// <remarks>Rows are explained in parallel over fixed row blocks and block sums are added in block order, so the
    /// result does not depend on the number of threads.</remarks>
    public static double[] MeanAbsolute(IExplainable model, FeatureMatrix x, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        var features = x.ColumnCount;
        var blocks = RowBlocks.Count(x.RowCount);
        var partial = new double[blocks][];
        RowBlocks.For(x.RowCount, maxDegreeOfParallelism, (b, start, end) =>
        {
            var sums = new double[features];
            var phi = new double[features + 1];
            for (var row = start; row < end; row++)
            {
                model.Contributions(x, row, phi);
                for (var j = 0; j < features; j++)
                {
                    sums[j] += Math.Abs(phi[j]);
                }
            }

            partial[b] = sums;
        });

        var result = new double[features];
        foreach (var sums in partial)
        {
            for (var j = 0; j < features; j++)
            {
                result[j] += sums[j];
            }
        }

        for (var j = 0; j < features; j++)
        {
            result[j] /= Math.Max(1, x.RowCount);
        }

        return result;
    }
}
