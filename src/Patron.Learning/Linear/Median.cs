namespace Patron.Learning.Linear;

/// <summary>Median of the non-missing values of a column in expected linear time (quickselect on a copy).</summary>
internal static class Median
{
    /// <summary>The median of the non-NaN cells (mean of the two middle values for an even count, as numpy), or 0 when
    /// every cell is missing.</summary>
    public static double OfPresent(ReadOnlySpan<float> column)
    {
        var values = new float[column.Length];
        var n = 0;
        foreach (var v in column)
        {
            if (!float.IsNaN(v))
            {
                values[n++] = v;
            }
        }

        if (n == 0)
        {
            return 0;
        }

        var span = values.AsSpan(0, n);
        var upper = Select(span, n / 2);
        if (n % 2 == 1)
        {
            return upper;
        }

        // After selecting n/2, every value left of it is ≤ it; the lower middle is the largest of those.
        var lower = span[0];
        for (var i = 1; i < n / 2; i++)
        {
            lower = Math.Max(lower, span[i]);
        }

        return (lower + (double)upper) / 2;
    }

    private static float Select(Span<float> a, int k)
    {
        var lo = 0;
        var hi = a.Length - 1;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var pivot = MedianOfThree(a[lo], a[mid], a[hi]);
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }

                while (a[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return a[k];
            }
        }

        return a[k];
    }

    private static float MedianOfThree(float a, float b, float c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
