using System.Runtime.InteropServices;

namespace Patron.Learning.Drift;

/// <summary>Turns a column's values into the sorted, NaN-free sample every drift statistic reads, in the caller's own
/// array: the values that are not NaN move to the front and are sorted there by a radix sort on their bits.</summary>
/// <remarks>Sorting is most of a numeric column's judgement (two samples of up to millions of rows per column). A least
/// significant digit radix sort of the order-preserving 64-bit keys takes a pass to count and one pass per byte that
/// differs between values (none for the high bytes a small integer shares, nor the low bytes of its mantissa), where a
/// comparison sort takes about log2(n) passes. Two values with the same key have the same bits, so the result is exactly
/// what <see cref="Array.Sort{T}(T[])"/> gives, with one exception the sort avoids: -0 and +0 compare equal, and
/// Array.Sort leaves them in an order of its own; a sample holding -0 (or too small to gain) is sorted by Array.Sort's
/// algorithm instead. Thread-safe for distinct arrays.</remarks>
public static class SortedSample
{
    /// <summary>Samples shorter than this are sorted by comparison: the radix passes' fixed costs would dominate.</summary>
    public const int RadixMinRows = 512;

    private const ulong Sign = 0x8000_0000_0000_0000UL;
    private const ulong NegativeZero = Sign;

    /// <summary>Moves the values of <paramref name="values"/> that are not NaN to its front, in their order, sorts them
    /// ascending and returns how many there are; the rest of the span is left undefined.</summary>
    /// <param name="values">The column's values; overwritten.</param>
    /// <param name="scratch">At least as long as the values that are not NaN; overwritten (not read).</param>
    /// <exception cref="ArgumentException"><paramref name="scratch"/> is shorter than the sample.</exception>
    public static int SortInPlace(Span<double> values, Span<double> scratch)
    {
        var count = 0;
        var negativeZero = false;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!double.IsNaN(v))
            {
                negativeZero |= BitConverter.DoubleToUInt64Bits(v) == NegativeZero;
                values[count++] = v;
            }
        }

        var sample = values[..count];
        if (count < RadixMinRows || negativeZero)
        {
            // The same introspective sort Array.Sort runs on a double[].
            sample.Sort();
            return count;
        }

        if (scratch.Length < count)
        {
            throw new ArgumentException($"The scratch holds {scratch.Length:N0} values, the sample {count:N0}.", nameof(scratch));
        }

        RadixSort(MemoryMarshal.Cast<double, ulong>(sample), MemoryMarshal.Cast<double, ulong>(scratch[..count]));
        return count;
    }

    /// <summary>A sorted copy of the values that are not NaN (allocates the copy, and a scratch array for a radix sort).</summary>
    public static double[] SortedCopy(ReadOnlySpan<double> values)
    {
        var copy = values.ToArray();
        var count = SortInPlace(copy, copy.Length >= RadixMinRows ? new double[copy.Length] : []);
        return count == copy.Length ? copy : copy[..count];
    }

    /// <summary>Sorts doubles (free of NaN and -0) given as their bits; <paramref name="scratch"/> is as long.</summary>
    private static void RadixSort(Span<ulong> keys, Span<ulong> scratch)
    {
        // Order-preserving keys: a negative value's bits inverted (larger magnitude, smaller key), a positive value's
        // sign bit set (above every negative one).
        for (var i = 0; i < keys.Length; i++)
        {
            var bits = keys[i];
            keys[i] = (bits & Sign) != 0 ? ~bits : bits | Sign;
        }

        // Every byte's histogram in one pass.
        Span<int> counts = stackalloc int[8 * 256];
        counts.Clear();
        foreach (var key in keys)
        {
            counts[(int)(key & 0xFF)]++;
            counts[256 + (int)((key >> 8) & 0xFF)]++;
            counts[512 + (int)((key >> 16) & 0xFF)]++;
            counts[768 + (int)((key >> 24) & 0xFF)]++;
            counts[1024 + (int)((key >> 32) & 0xFF)]++;
            counts[1280 + (int)((key >> 40) & 0xFF)]++;
            counts[1536 + (int)((key >> 48) & 0xFF)]++;
            counts[1792 + (int)(key >> 56)]++;
        }

        var source = keys;
        var target = scratch;
        Span<int> offsets = stackalloc int[256];
        for (var digit = 0; digit < 8; digit++)
        {
            var histogram = counts.Slice(digit * 256, 256);
            var shift = digit * 8;

            // A byte every key shares orders nothing.
            if (histogram[(int)((source[0] >> shift) & 0xFF)] == source.Length)
            {
                continue;
            }

            var running = 0;
            for (var b = 0; b < 256; b++)
            {
                offsets[b] = running;
                running += histogram[b];
            }

            foreach (var key in source)
            {
                target[offsets[(int)((key >> shift) & 0xFF)]++] = key;
            }

            var swap = source;
            source = target;
            target = swap;
        }

        // Back to the doubles' bits, in the caller's span.
        for (var i = 0; i < source.Length; i++)
        {
            var key = source[i];
            keys[i] = (key & Sign) != 0 ? key & ~Sign : ~key;
        }
    }
}
