using Patron.Learning;
using Patron.Learning.Data;

namespace Patron.Pipeline.Explain;

/// <summary>Reasons for every row, computed block by block: a block's contributions come from the model's batch method,
/// then its rows are put into words in parallel. Memory stays at one block of contributions however many rows there
/// are, and each row's text depends only on its own contributions, so the result does not depend on threads. Rows
/// share few distinct sentences, so each block's sentences are pooled: millions of rows keep one copy of each text.</summary>
internal static class ReasonBlocks
{
    /// <summary>Rows explained together (a block of contributions is rows × (features + 1) doubles).</summary>
    public const int Rows = 8_192;

    /// <summary>Turns one row's contributions (features + 1 slots, last = bias) into its reasons.</summary>
    public delegate string[] RowReasons(int row, ReadOnlySpan<double> phi);

    public static string[][] Compute(IExplainable model, FeatureMatrix x, RowReasons reasons)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(reasons);
        var width = x.ColumnCount + 1;
        var result = new string[x.RowCount][];
        var phi = new double[Math.Min(x.RowCount, Rows) * width];
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var start = 0; start < x.RowCount; start += Rows)
        {
            var first = start;
            var count = Math.Min(Rows, x.RowCount - start);
            model.Contributions(x, first, count, phi.AsSpan(0, count * width));
            Parallel.For(0, count, i => result[first + i] = reasons(first + i, phi.AsSpan(i * width, width)));
            Pool(result.AsSpan(first, count), pool);
        }

        return result;
    }

    /// <summary>Replaces every text by the pool's copy of it, adding the texts the pool does not have yet.</summary>
    internal static void Pool(Span<string[]> rows, Dictionary<string, string> pool)
    {
        foreach (var row in rows)
        {
            for (var k = 0; k < row.Length; k++)
            {
                if (pool.TryGetValue(row[k], out var shared))
                {
                    row[k] = shared;
                }
                else
                {
                    pool.Add(row[k], row[k]);
                }
            }
        }
    }
}
