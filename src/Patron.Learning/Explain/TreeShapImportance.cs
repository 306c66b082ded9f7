using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning.Explain;

/// <summary>Global feature importance as the mean absolute contribution over a set of rows (mean |SHAP| for tree
/// ensembles, the exact contributions for linear models: any <see cref="IExplainable"/>).</summary>
public static class TreeShapImportance
{
    /// <summary>Mean of |contribution| per feature (schema order) over the rows of <paramref name="x"/>.</summary>
    /// <remarks>Rows are explained in fixed blocks through the model's batch method (which may run in parallel) and
    /// block sums are added in block order, so the result does not depend on the number of threads and memory stays at
    /// one block of contributions.</remarks>
    public static double[] MeanAbsolute(IExplainable model, FeatureMatrix x, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        var features = x.ColumnCount;
        var width = features + 1;
        var phi = new double[Math.Min(x.RowCount, RowBlocks.BlockSize) * width];
        var sums = new double[features];
        var result = new double[features];
        for (var start = 0; start < x.RowCount; start += RowBlocks.BlockSize)
        {
            var count = Math.Min(RowBlocks.BlockSize, x.RowCount - start);
            model.Contributions(x, start, count, phi.AsSpan(0, count * width), maxDegreeOfParallelism);
            Array.Clear(sums);
            for (var i = 0; i < count; i++)
            {
                var row = phi.AsSpan(i * width, features);
                for (var j = 0; j < features; j++)
                {
                    sums[j] += Math.Abs(row[j]);
                }
            }

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
