using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Patron.Learning.Linear;

/// <summary>The two inner loops of the logistic objective over float columns and double accumulators, vectorized
/// (8 floats widened to two vectors of 4 doubles) with a scalar tail.</summary>
/// <remarks>The summation order is fixed for a given machine, so results are reproducible run to run.</remarks>
internal static class LinearKernels
{
    /// <summary>y[i] += a · x[i].</summary>
    public static void AddScaled(Span<double> y, ReadOnlySpan<float> x, double a)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && y.Length >= 8)
        {
            ref var yRef = ref MemoryMarshal.GetReference(y);
            ref var xRef = ref MemoryMarshal.GetReference(x);
            var va = Vector256.Create(a);
            for (; i <= y.Length - 8; i += 8)
            {
                var xv = Vector256.LoadUnsafe(ref xRef, (nuint)i);
                var lo = Vector256.WidenLower(xv);
                var hi = Vector256.WidenUpper(xv);
                ref var y0 = ref Unsafe.Add(ref yRef, i);
                (Vector256.LoadUnsafe(ref y0) + (va * lo)).StoreUnsafe(ref y0);
                ref var y4 = ref Unsafe.Add(ref yRef, i + 4);
                (Vector256.LoadUnsafe(ref y4) + (va * hi)).StoreUnsafe(ref y4);
            }
        }

        for (; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>y[i] += a0 · x0[i], then += a1 · x1[i], += a2 · x2[i], += a3 · x3[i]: four <see cref="AddScaled"/>
    /// calls in that order, the same bits, with one pass over y.</summary>
    public static void AddScaled4(
        Span<double> y,
        ReadOnlySpan<float> x0,
        double a0,
        ReadOnlySpan<float> x1,
        double a1,
        ReadOnlySpan<float> x2,
        double a2,
        ReadOnlySpan<float> x3,
        double a3)
    {
        var n = y.Length;
        if (x0.Length < n || x1.Length < n || x2.Length < n || x3.Length < n)
        {
            throw new ArgumentException("A column is shorter than the accumulator.");
        }

        var i = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            ref var yRef = ref MemoryMarshal.GetReference(y);
            ref var r0 = ref MemoryMarshal.GetReference(x0);
            ref var r1 = ref MemoryMarshal.GetReference(x1);
            ref var r2 = ref MemoryMarshal.GetReference(x2);
            ref var r3 = ref MemoryMarshal.GetReference(x3);
            var v0 = Vector256.Create(a0);
            var v1 = Vector256.Create(a1);
            var v2 = Vector256.Create(a2);
            var v3 = Vector256.Create(a3);
            for (; i <= n - 8; i += 8)
            {
                var c0 = Vector256.LoadUnsafe(ref r0, (nuint)i);
                var c1 = Vector256.LoadUnsafe(ref r1, (nuint)i);
                var c2 = Vector256.LoadUnsafe(ref r2, (nuint)i);
                var c3 = Vector256.LoadUnsafe(ref r3, (nuint)i);
                ref var y0 = ref Unsafe.Add(ref yRef, i);
                var lo = Vector256.LoadUnsafe(ref y0);
                lo += v0 * Vector256.WidenLower(c0);
                lo += v1 * Vector256.WidenLower(c1);
                lo += v2 * Vector256.WidenLower(c2);
                lo += v3 * Vector256.WidenLower(c3);
                lo.StoreUnsafe(ref y0);
                ref var y4 = ref Unsafe.Add(ref yRef, i + 4);
                var hi = Vector256.LoadUnsafe(ref y4);
                hi += v0 * Vector256.WidenUpper(c0);
                hi += v1 * Vector256.WidenUpper(c1);
                hi += v2 * Vector256.WidenUpper(c2);
                hi += v3 * Vector256.WidenUpper(c3);
                hi.StoreUnsafe(ref y4);
            }
        }

        for (; i < n; i++)
        {
            var v = y[i];
            v += a0 * x0[i];
            v += a1 * x1[i];
            v += a2 * x2[i];
            v += a3 * x3[i];
            y[i] = v;
        }
    }

    /// <summary>Σ r[i] · xk[i] for four columns into <paramref name="sums"/>[0..3]: four <see cref="Dot"/> calls, the
    /// same bits, with one pass over r.</summary>
    public static void Dot4(ReadOnlySpan<double> r, ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3, Span<double> sums)
    {
        var n = r.Length;
        if (x0.Length < n || x1.Length < n || x2.Length < n || x3.Length < n || sums.Length < 4)
        {
            throw new ArgumentException("A column is shorter than the residuals, or fewer than four sums.");
        }

        var i = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            ref var rRef = ref MemoryMarshal.GetReference(r);
            ref var r0 = ref MemoryMarshal.GetReference(x0);
            ref var r1 = ref MemoryMarshal.GetReference(x1);
            ref var r2 = ref MemoryMarshal.GetReference(x2);
            ref var r3 = ref MemoryMarshal.GetReference(x3);
            Vector256<double> a0 = default, b0 = default, a1 = default, b1 = default;
            Vector256<double> a2 = default, b2 = default, a3 = default, b3 = default;
            for (; i <= n - 8; i += 8)
            {
                var lo = Vector256.LoadUnsafe(ref rRef, (nuint)i);
                var hi = Vector256.LoadUnsafe(ref rRef, (nuint)(i + 4));
                var c0 = Vector256.LoadUnsafe(ref r0, (nuint)i);
                var c1 = Vector256.LoadUnsafe(ref r1, (nuint)i);
                var c2 = Vector256.LoadUnsafe(ref r2, (nuint)i);
                var c3 = Vector256.LoadUnsafe(ref r3, (nuint)i);
                a0 += lo * Vector256.WidenLower(c0);
                b0 += hi * Vector256.WidenUpper(c0);
                a1 += lo * Vector256.WidenLower(c1);
                b1 += hi * Vector256.WidenUpper(c1);
                a2 += lo * Vector256.WidenLower(c2);
                b2 += hi * Vector256.WidenUpper(c2);
                a3 += lo * Vector256.WidenLower(c3);
                b3 += hi * Vector256.WidenUpper(c3);
            }

            (s0, s1, s2, s3) = (Vector256.Sum(a0 + b0), Vector256.Sum(a1 + b1), Vector256.Sum(a2 + b2), Vector256.Sum(a3 + b3));
        }

        for (; i < n; i++)
        {
            s0 += r[i] * x0[i];
            s1 += r[i] * x1[i];
            s2 += r[i] * x2[i];
            s3 += r[i] * x3[i];
        }

        (sums[0], sums[1], sums[2], sums[3]) = (s0, s1, s2, s3);
    }

    /// <summary>Σ r[i] · x[i].</summary>
    public static double Dot(ReadOnlySpan<double> r, ReadOnlySpan<float> x)
    {
        var i = 0;
        var sum = 0.0;
        if (Vector256.IsHardwareAccelerated && r.Length >= 8)
        {
            ref var rRef = ref MemoryMarshal.GetReference(r);
            ref var xRef = ref MemoryMarshal.GetReference(x);
            var acc0 = Vector256<double>.Zero;
            var acc1 = Vector256<double>.Zero;
            for (; i <= r.Length - 8; i += 8)
            {
                var xv = Vector256.LoadUnsafe(ref xRef, (nuint)i);
                acc0 += Vector256.LoadUnsafe(ref rRef, (nuint)i) * Vector256.WidenLower(xv);
                acc1 += Vector256.LoadUnsafe(ref rRef, (nuint)(i + 4)) * Vector256.WidenUpper(xv);
            }

            sum = Vector256.Sum(acc0 + acc1);
        }

        for (; i < r.Length; i++)
        {
            sum += r[i] * x[i];
        }

        return sum;
    }
}
