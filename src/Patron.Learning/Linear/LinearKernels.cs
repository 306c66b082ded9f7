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
