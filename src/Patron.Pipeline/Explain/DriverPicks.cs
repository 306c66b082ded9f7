namespace Patron.Pipeline.Explain;

/// <summary>The features <see cref="Patron.Learning.Explain.Drivers.Top"/> ranks as a row's drivers, as column indexes
/// without their texts: the reasons describe a driver only when they use it (three of the up to ten the report would
/// describe), and the texts are the same as the report's since a description depends on the feature, value and row alone.</summary>
internal static class DriverPicks
{
    /// <summary>Writes to <paramref name="chosen"/> (at least <paramref name="k"/> + 1 long) the columns of the
    /// <paramref name="k"/> largest positive (or, with <paramref name="positive"/> false, most negative) contributions
    /// among <paramref name="phi"/>'s features (the last slot, the bias, left out), largest first, ties to the earlier
    /// feature, zeros and NaN left out; returns how many.</summary>
    public static int Pick(ReadOnlySpan<double> phi, int k, bool positive, Span<int> chosen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (chosen.Length < k + 1)
        {
            throw new ArgumentException($"chosen holds {chosen.Length} slots; {k + 1} are needed.", nameof(chosen));
        }

        var count = 0;
        var features = phi.Length - 1;
        for (var j = 0; j < features; j++)
        {
            var v = positive ? phi[j] : -phi[j];
            if (!(v > 0))
            {
                continue;
            }

            var pos = count;
            while (pos > 0 && (positive ? phi[chosen[pos - 1]] : -phi[chosen[pos - 1]]) < v)
            {
                pos--;
            }

            if (pos < k)
            {
                chosen.Slice(pos, count - pos).CopyTo(chosen[(pos + 1)..]);
                chosen[pos] = j;
                count = Math.Min(count + 1, k);
            }
        }

        return count;
    }
}
