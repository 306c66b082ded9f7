using Patron.Features.Segments;

namespace Patron.Features.Build.Kernel;

/// <summary>
/// The RFM quintile scores of every customer of the population: a score is least(5, 1 + floor(5 (rank - 1) / n)) with
/// rank() semantics, so tied customers share the lower score; recency ranks descending (most recent scores 5), frequency
/// and money ascending. FM is the mean of F and M rounded half up, and the segment comes from the rule table
/// (<see cref="RfmSegments"/>).
/// </summary>
internal sealed class RfmScores
{
    private RfmScores(byte[] r, byte[] f, byte[] m)
    {
        R = r;
        F = f;
        M = m;
    }

    public byte[] R { get; }

    public byte[] F { get; }

    public byte[] M { get; }

    public static RfmScores Compute(Population population)
    {
        var n = population.Count;
        return new RfmScores(
            Scores(population.Recency, n, descending: true),
            Scores(population.Frequency, n, descending: false),
            Scores(population.Monetary, n, descending: false));
    }

    private static byte[] Scores(long[] values, int n, bool descending)
    {
        var sorted = values.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        var scores = new byte[n];
        for (var i = 0; i < n; i++)
        {
            // rank() - 1 is the number of customers strictly before this one in the ranking order.
            long before = descending ? n - UpperBound(sorted, values[i]) : LowerBound(sorted, values[i]);
            scores[i] = (byte)Math.Min(5, 1 + (int)Math.Floor(5.0 * before / n));
        }

        return scores;
    }

    private static int LowerBound(long[] sorted, long value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static int UpperBound(long[] sorted, long value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] <= value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
