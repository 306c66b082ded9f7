namespace Patron.Learning.Evaluation;

/// <summary>Deterministic sort orders for metrics: ties are broken by row index so every run gives the same order.</summary>
internal static class Ordering
{
    /// <summary>Row indices by descending score, ties by ascending index.</summary>
    public static int[] Descending(ReadOnlySpan<double> score)
    {
        var keys = new double[score.Length];
        var order = new int[score.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            if (double.IsNaN(score[i]))
            {
                throw new ArgumentException($"Row {i}: the score is NaN.", nameof(score));
            }

            keys[i] = -score[i];
            order[i] = i;
        }

        SortWithTies(keys, order);
        return order;
    }

    /// <summary>Row indices by ascending value, ties by ascending index.</summary>
    public static int[] Ascending(ReadOnlySpan<double> value)
    {
        var keys = value.ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            if (double.IsNaN(keys[i]))
            {
                throw new ArgumentException($"Row {i}: the value is NaN.", nameof(value));
            }

            order[i] = i;
        }

        SortWithTies(keys, order);
        return order;
    }

    private static void SortWithTies(double[] keys, int[] order)
    {
        Array.Sort(keys, order);
        var start = 0;
        for (var i = 1; i <= keys.Length; i++)
        {
            if (i == keys.Length || keys[i] != keys[start])
            {
                if (i - start > 1)
                {
                    Array.Sort(order, start, i - start);
                }

                start = i;
            }
        }
    }
}
