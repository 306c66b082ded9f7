namespace Patron.Learning.Evaluation;

/// <summary>Seeded samples of rows that keep the label's make-up, for training on a bounded number of rows when a data
/// set has millions.</summary>
/// <remarks>Binary labels are sampled class by class, so the positive share of the sample equals the whole's (to one
/// row); other labels split into zero and non-zero (future spend is mostly zero) and are sampled the same way. The
/// sample is returned in ascending row order, so a matrix keeps its row order (time order, id order).</remarks>
public static class RowSample
{
    /// <summary>At most <paramref name="max"/> row indexes of <paramref name="y"/>, or null when every row fits
    /// (<paramref name="max"/> ≤ 0 means no limit).</summary>
    public static int[]? Stratified(ReadOnlySpan<double> y, int max, long seed)
    {
        if (max <= 0 || y.Length <= max)
        {
            return null;
        }

        var zeros = 0;
        foreach (var v in y)
        {
            zeros += v == 0 ? 1 : 0;
        }

        // Each stratum keeps its share of the sample, rounded; the zero stratum takes the remainder so the total is exact.
        var takeOthers = (int)Math.Round((double)max * (y.Length - zeros) / y.Length, MidpointRounding.AwayFromZero);
        takeOthers = Math.Min(takeOthers, y.Length - zeros);
        var takeZeros = Math.Min(max - takeOthers, zeros);
        var zeroRows = new int[zeros];
        var otherRows = new int[y.Length - zeros];
        for (int i = 0, z = 0, o = 0; i < y.Length; i++)
        {
            if (y[i] == 0)
            {
                zeroRows[z++] = i;
            }
            else
            {
                otherRows[o++] = i;
            }
        }

        var random = new Random(unchecked((int)(seed ^ (seed >> 32) ^ 0x5A17)));
        var result = new int[takeZeros + takeOthers];
        Draw(zeroRows, takeZeros, random, result.AsSpan(0, takeZeros));
        Draw(otherRows, takeOthers, random, result.AsSpan(takeZeros));
        Array.Sort(result);
        return result;
    }

    /// <summary>The values at <paramref name="rows"/>.</summary>
    public static double[] Pick(ReadOnlySpan<double> values, ReadOnlySpan<int> rows)
    {
        var result = new double[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            result[k] = values[rows[k]];
        }

        return result;
    }

    // A partial Fisher-Yates shuffle: the first `take` slots end up a uniform sample without replacement.
    private static void Draw(int[] rows, int take, Random random, Span<int> target)
    {
        for (var k = 0; k < take; k++)
        {
            var j = k + random.Next(rows.Length - k);
            (rows[k], rows[j]) = (rows[j], rows[k]);
            target[k] = rows[k];
        }
    }
}
