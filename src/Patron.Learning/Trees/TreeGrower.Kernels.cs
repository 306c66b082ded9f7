using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Patron.Learning.Trees;

/// <summary>The histogram inner loops. Bounds checks are lifted with references because the loops run once per
/// (row, feature) cell; callers guarantee every code is within its feature's histogram and every row index is valid.</summary>
internal sealed partial class TreeGrower
{
    // One 16-byte read-modify-write adds (gradient, hessian) to a bin; the two lanes add exactly as two scalar adds.
    // The bin is addressed by its unsigned code, so the slot's address is one shift and one add from the base.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPair(ref Vector128<double> histogram, nuint code, Vector128<double> pair)
    {
        ref var slot = ref Unsafe.Add(ref histogram, code);
        slot = Vector128.Add(slot, pair);
    }

    // The pair's two floats widened to doubles with one conversion (the same values as two scalar casts).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Widen(ref GradientPair pair)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.ConvertToVector128Double(Vector128.CreateScalarUnsafe(Unsafe.As<GradientPair, double>(ref pair)).AsSingle());
        }

        return Vector128.Create((double)pair.Gradient, pair.Hessian);
    }

    // A feature's histogram as (gradient, hessian) slots, one per bin code.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref Vector128<double> Slots(Span<double> histogram) =>
        ref Unsafe.As<double, Vector128<double>>(ref MemoryMarshal.GetReference(histogram));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref Vector128<double> Slots(double[] histogram, int[] binOffsets, int feature) =>
        ref Unsafe.As<double, Vector128<double>>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(histogram), 2 * binOffsets[feature]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScalar(ref double histogram, int code, in GradientPair pair)
    {
        Unsafe.Add(ref histogram, code << 1) += pair.Gradient;
        Unsafe.Add(ref histogram, (code << 1) + 1) += pair.Hessian;
    }

    private static void AccumulateFourContiguous(
        byte[] c0, byte[] c1, byte[] c2, byte[] c3, GradientPair[] pairs, int length, Span<double> h0, Span<double> h1, Span<double> h2, Span<double> h3)
    {
        ref var r0 = ref Slots(h0);
        ref var r1 = ref Slots(h1);
        ref var r2 = ref Slots(h2);
        ref var r3 = ref Slots(h3);
        ref var b0 = ref MemoryMarshal.GetArrayDataReference(c0);
        ref var b1 = ref MemoryMarshal.GetArrayDataReference(c1);
        ref var b2 = ref MemoryMarshal.GetArrayDataReference(c2);
        ref var b3 = ref MemoryMarshal.GetArrayDataReference(c3);
        ref var p = ref MemoryMarshal.GetArrayDataReference(pairs);
        for (nuint i = 0; i < (nuint)length; i++)
        {
            var v = Widen(ref Unsafe.Add(ref p, i));
            AddPair(ref r0, Unsafe.Add(ref b0, i), v);
            AddPair(ref r1, Unsafe.Add(ref b1, i), v);
            AddPair(ref r2, Unsafe.Add(ref b2, i), v);
            AddPair(ref r3, Unsafe.Add(ref b3, i), v);
        }
    }

    private static void AccumulateFourGathered(
        byte[] c0, byte[] c1, byte[] c2, byte[] c3, ReadOnlySpan<int> rows, GradientPair[] ordered, Span<double> h0, Span<double> h1, Span<double> h2, Span<double> h3)
    {
        ref var r0 = ref Slots(h0);
        ref var r1 = ref Slots(h1);
        ref var r2 = ref Slots(h2);
        ref var r3 = ref Slots(h3);
        ref var b0 = ref MemoryMarshal.GetArrayDataReference(c0);
        ref var b1 = ref MemoryMarshal.GetArrayDataReference(c1);
        ref var b2 = ref MemoryMarshal.GetArrayDataReference(c2);
        ref var b3 = ref MemoryMarshal.GetArrayDataReference(c3);
        ref var p = ref MemoryMarshal.GetArrayDataReference(ordered);
        ref var r = ref MemoryMarshal.GetReference(rows);
        for (nuint i = 0; i < (nuint)rows.Length; i++)
        {
            var row = (nuint)(uint)Unsafe.Add(ref r, i);
            var v = Widen(ref Unsafe.Add(ref p, i));
            AddPair(ref r0, Unsafe.Add(ref b0, row), v);
            AddPair(ref r1, Unsafe.Add(ref b1, row), v);
            AddPair(ref r2, Unsafe.Add(ref b2, row), v);
            AddPair(ref r3, Unsafe.Add(ref b3, row), v);
        }
    }

    private static void AccumulateEightContiguous(byte[][] codes, int[] features, int first, GradientPair[] pairs, int length, double[] histogram, int[] binOffsets)
    {
        ref var b0 = ref MemoryMarshal.GetArrayDataReference(codes[features[first]]);
        ref var b1 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 1]]);
        ref var b2 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 2]]);
        ref var b3 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 3]]);
        ref var b4 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 4]]);
        ref var b5 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 5]]);
        ref var b6 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 6]]);
        ref var b7 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 7]]);
        ref var r0 = ref Slots(histogram, binOffsets, features[first]);
        ref var r1 = ref Slots(histogram, binOffsets, features[first + 1]);
        ref var r2 = ref Slots(histogram, binOffsets, features[first + 2]);
        ref var r3 = ref Slots(histogram, binOffsets, features[first + 3]);
        ref var r4 = ref Slots(histogram, binOffsets, features[first + 4]);
        ref var r5 = ref Slots(histogram, binOffsets, features[first + 5]);
        ref var r6 = ref Slots(histogram, binOffsets, features[first + 6]);
        ref var r7 = ref Slots(histogram, binOffsets, features[first + 7]);
        ref var p = ref MemoryMarshal.GetArrayDataReference(pairs);
        for (nuint i = 0; i < (nuint)length; i++)
        {
            var v = Widen(ref Unsafe.Add(ref p, i));
            AddPair(ref r0, Unsafe.Add(ref b0, i), v);
            AddPair(ref r1, Unsafe.Add(ref b1, i), v);
            AddPair(ref r2, Unsafe.Add(ref b2, i), v);
            AddPair(ref r3, Unsafe.Add(ref b3, i), v);
            AddPair(ref r4, Unsafe.Add(ref b4, i), v);
            AddPair(ref r5, Unsafe.Add(ref b5, i), v);
            AddPair(ref r6, Unsafe.Add(ref b6, i), v);
            AddPair(ref r7, Unsafe.Add(ref b7, i), v);
        }
    }

    private static void AccumulateEightGathered(byte[][] codes, int[] features, int first, ReadOnlySpan<int> rows, GradientPair[] ordered, double[] histogram, int[] binOffsets)
    {
        ref var b0 = ref MemoryMarshal.GetArrayDataReference(codes[features[first]]);
        ref var b1 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 1]]);
        ref var b2 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 2]]);
        ref var b3 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 3]]);
        ref var b4 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 4]]);
        ref var b5 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 5]]);
        ref var b6 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 6]]);
        ref var b7 = ref MemoryMarshal.GetArrayDataReference(codes[features[first + 7]]);
        ref var r0 = ref Slots(histogram, binOffsets, features[first]);
        ref var r1 = ref Slots(histogram, binOffsets, features[first + 1]);
        ref var r2 = ref Slots(histogram, binOffsets, features[first + 2]);
        ref var r3 = ref Slots(histogram, binOffsets, features[first + 3]);
        ref var r4 = ref Slots(histogram, binOffsets, features[first + 4]);
        ref var r5 = ref Slots(histogram, binOffsets, features[first + 5]);
        ref var r6 = ref Slots(histogram, binOffsets, features[first + 6]);
        ref var r7 = ref Slots(histogram, binOffsets, features[first + 7]);
        ref var p = ref MemoryMarshal.GetArrayDataReference(ordered);
        ref var r = ref MemoryMarshal.GetReference(rows);
        for (nuint i = 0; i < (nuint)rows.Length; i++)
        {
            var row = (nuint)(uint)Unsafe.Add(ref r, i);
            var v = Widen(ref Unsafe.Add(ref p, i));
            AddPair(ref r0, Unsafe.Add(ref b0, row), v);
            AddPair(ref r1, Unsafe.Add(ref b1, row), v);
            AddPair(ref r2, Unsafe.Add(ref b2, row), v);
            AddPair(ref r3, Unsafe.Add(ref b3, row), v);
            AddPair(ref r4, Unsafe.Add(ref b4, row), v);
            AddPair(ref r5, Unsafe.Add(ref b5, row), v);
            AddPair(ref r6, Unsafe.Add(ref b6, row), v);
            AddPair(ref r7, Unsafe.Add(ref b7, row), v);
        }
    }

    // Three features, rows in pairs: the even position's pair goes to h, the odd one's to s. With s the same span as h
    // every bin adds its rows in row order; apart, h holds the even positions' sums and s the odd ones'.
    private static void AccumulateThreeContiguous(
        byte[] c0, byte[] c1, byte[] c2, GradientPair[] pairs, int length, Span<double> h0, Span<double> h1, Span<double> h2, Span<double> s0, Span<double> s1, Span<double> s2)
    {
        ref var r0 = ref Slots(h0);
        ref var r1 = ref Slots(h1);
        ref var r2 = ref Slots(h2);
        ref var q0 = ref Slots(s0);
        ref var q1 = ref Slots(s1);
        ref var q2 = ref Slots(s2);
        ref var b0 = ref MemoryMarshal.GetArrayDataReference(c0);
        ref var b1 = ref MemoryMarshal.GetArrayDataReference(c1);
        ref var b2 = ref MemoryMarshal.GetArrayDataReference(c2);
        ref var p = ref MemoryMarshal.GetArrayDataReference(pairs);
        var n = (nuint)(uint)length;
        nuint i = 0;
        for (; i + 1 < n; i += 2)
        {
            var v = Widen(ref Unsafe.Add(ref p, i));
            var w = Widen(ref Unsafe.Add(ref p, i + 1));
            AddPair(ref r0, Unsafe.Add(ref b0, i), v);
            AddPair(ref q0, Unsafe.Add(ref b0, i + 1), w);
            AddPair(ref r1, Unsafe.Add(ref b1, i), v);
            AddPair(ref q1, Unsafe.Add(ref b1, i + 1), w);
            AddPair(ref r2, Unsafe.Add(ref b2, i), v);
            AddPair(ref q2, Unsafe.Add(ref b2, i + 1), w);
        }

        if (i < n)
        {
            var v = Widen(ref Unsafe.Add(ref p, i));
            AddPair(ref r0, Unsafe.Add(ref b0, i), v);
            AddPair(ref r1, Unsafe.Add(ref b1, i), v);
            AddPair(ref r2, Unsafe.Add(ref b2, i), v);
        }
    }

    private static void AccumulateThreeGathered(
        byte[] c0, byte[] c1, byte[] c2, ReadOnlySpan<int> rows, GradientPair[] ordered, Span<double> h0, Span<double> h1, Span<double> h2, Span<double> s0, Span<double> s1, Span<double> s2)
    {
        ref var r0 = ref Slots(h0);
        ref var r1 = ref Slots(h1);
        ref var r2 = ref Slots(h2);
        ref var q0 = ref Slots(s0);
        ref var q1 = ref Slots(s1);
        ref var q2 = ref Slots(s2);
        ref var b0 = ref MemoryMarshal.GetArrayDataReference(c0);
        ref var b1 = ref MemoryMarshal.GetArrayDataReference(c1);
        ref var b2 = ref MemoryMarshal.GetArrayDataReference(c2);
        ref var p = ref MemoryMarshal.GetArrayDataReference(ordered);
        ref var r = ref MemoryMarshal.GetReference(rows);
        var n = (nuint)(uint)rows.Length;
        nuint i = 0;
        for (; i + 1 < n; i += 2)
        {
            var even = (nuint)(uint)Unsafe.Add(ref r, i);
            var odd = (nuint)(uint)Unsafe.Add(ref r, i + 1);
            var v = Widen(ref Unsafe.Add(ref p, i));
            var w = Widen(ref Unsafe.Add(ref p, i + 1));
            AddPair(ref r0, Unsafe.Add(ref b0, even), v);
            AddPair(ref q0, Unsafe.Add(ref b0, odd), w);
            AddPair(ref r1, Unsafe.Add(ref b1, even), v);
            AddPair(ref q1, Unsafe.Add(ref b1, odd), w);
            AddPair(ref r2, Unsafe.Add(ref b2, even), v);
            AddPair(ref q2, Unsafe.Add(ref b2, odd), w);
        }

        if (i < n)
        {
            var row = (nuint)(uint)Unsafe.Add(ref r, i);
            var v = Widen(ref Unsafe.Add(ref p, i));
            AddPair(ref r0, Unsafe.Add(ref b0, row), v);
            AddPair(ref r1, Unsafe.Add(ref b1, row), v);
            AddPair(ref r2, Unsafe.Add(ref b2, row), v);
        }
    }

    private static void AccumulateContiguous(byte[] codes, GradientPair[] pairs, int start, int length, Span<double> target)
    {
        ref var h = ref MemoryMarshal.GetReference(target);
        ref var c = ref MemoryMarshal.GetArrayDataReference(codes);
        ref var p = ref MemoryMarshal.GetArrayDataReference(pairs);
        for (var i = start; i < start + length; i++)
        {
            AddScalar(ref h, Unsafe.Add(ref c, i), in Unsafe.Add(ref p, i));
        }
    }

    private static void AccumulateGathered(byte[] codes, ReadOnlySpan<int> rows, GradientPair[] ordered, Span<double> target)
    {
        ref var h = ref MemoryMarshal.GetReference(target);
        ref var c = ref MemoryMarshal.GetArrayDataReference(codes);
        ref var p = ref MemoryMarshal.GetArrayDataReference(ordered);
        ref var r = ref MemoryMarshal.GetReference(rows);
        for (var i = 0; i < rows.Length; i++)
        {
            AddScalar(ref h, Unsafe.Add(ref c, Unsafe.Add(ref r, i)), in Unsafe.Add(ref p, i));
        }
    }

    private static void AccumulateContiguousTwoWay(byte[] codes, GradientPair[] pairs, int length, Span<double> first, Span<double> second)
    {
        ref var h0 = ref MemoryMarshal.GetReference(first);
        ref var h1 = ref MemoryMarshal.GetReference(second);
        ref var c = ref MemoryMarshal.GetArrayDataReference(codes);
        ref var p = ref MemoryMarshal.GetArrayDataReference(pairs);
        var i = 0;
        for (; i + 1 < length; i += 2)
        {
            AddScalar(ref h0, Unsafe.Add(ref c, i), in Unsafe.Add(ref p, i));
            AddScalar(ref h1, Unsafe.Add(ref c, i + 1), in Unsafe.Add(ref p, i + 1));
        }

        for (; i < length; i++)
        {
            AddScalar(ref h0, Unsafe.Add(ref c, i), in Unsafe.Add(ref p, i));
        }
    }

    private static void AccumulateGatheredTwoWay(byte[] codes, ReadOnlySpan<int> rows, GradientPair[] ordered, Span<double> first, Span<double> second)
    {
        ref var h0 = ref MemoryMarshal.GetReference(first);
        ref var h1 = ref MemoryMarshal.GetReference(second);
        ref var c = ref MemoryMarshal.GetArrayDataReference(codes);
        ref var p = ref MemoryMarshal.GetArrayDataReference(ordered);
        ref var r = ref MemoryMarshal.GetReference(rows);
        var length = rows.Length;
        var i = 0;
        for (; i + 1 < length; i += 2)
        {
            AddScalar(ref h0, Unsafe.Add(ref c, Unsafe.Add(ref r, i)), in Unsafe.Add(ref p, i));
            AddScalar(ref h1, Unsafe.Add(ref c, Unsafe.Add(ref r, i + 1)), in Unsafe.Add(ref p, i + 1));
        }

        for (; i < length; i++)
        {
            AddScalar(ref h0, Unsafe.Add(ref c, Unsafe.Add(ref r, i)), in Unsafe.Add(ref p, i));
        }
    }
}
