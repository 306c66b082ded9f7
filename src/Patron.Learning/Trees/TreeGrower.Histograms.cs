using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Patron.Learning.Trees;

/// <summary>Gradient/hessian histograms per feature and the stable row partition after a split.</summary>
internal sealed partial class TreeGrower
{
    // Below this many (row, feature) cells a node is summed on the calling thread: the handoff costs more than it saves.
    private const long ParallelCellThreshold = 65_536;

    // Nodes with at least this many rows sum alternate rows into two histograms, which breaks the store-to-load
    // dependency between consecutive rows that fall into the same bin.
    private const int TwoWayRowThreshold = 2_048;

    private void BuildHistogram(double[] histogram, int begin, int end, bool contiguous)
    {
        var length = end - begin;
        if (!contiguous)
        {
            // Gather the node's gradient pairs once so every feature reads them sequentially.
            var rows = _rows;
            var gradients = _gradients;
            var ordered = _ordered;
            for (var i = 0; i < length; i++)
            {
                ordered[i] = gradients[rows[begin + i]];
            }
        }

        var features = _features;
        if ((long)length * features.Length >= ParallelCellThreshold && _settings.MaxDegreeOfParallelism != 1)
        {
            Parallel.For(0, features.Length, _parallel, k => BuildFeature(features[k], histogram, begin, length, contiguous));
        }
        else
        {
            foreach (var f in features)
            {
                BuildFeature(f, histogram, begin, length, contiguous);
            }
        }
    }

    private void BuildFeature(int feature, double[] histogram, int begin, int length, bool contiguous)
    {
        var offset = 2 * _data.BinOffsets[feature];
        var slots = 2 * (_data.Bins[feature].BinCount + 1);
        var target = histogram.AsSpan(offset, slots);
        target.Clear();
        var codes = _data.Codes[feature];
        var pairs = contiguous ? _gradients : _ordered;
        if (length < TwoWayRowThreshold)
        {
            if (contiguous)
            {
                AccumulateContiguous(codes, pairs, 0, length, target);
            }
            else
            {
                AccumulateGathered(codes, _rows.AsSpan(begin, length), pairs, target);
            }

            return;
        }

        Span<double> second = stackalloc double[slots];
        second.Clear();
        if (contiguous)
        {
            AccumulateContiguousTwoWay(codes, pairs, length, target, second);
        }
        else
        {
            AccumulateGatheredTwoWay(codes, _rows.AsSpan(begin, length), pairs, target, second);
        }

        for (var s = 0; s < slots; s++)
        {
            target[s] += second[s];
        }
    }

    private static void AccumulateContiguous(byte[] codes, GradientPair[] pairs, int start, int length, Span<double> target)
    {
        ref var h = ref MemoryMarshal.GetReference(target);
        ref var c = ref MemoryMarshal.GetArrayDataReference(codes);
        ref var p = ref MemoryMarshal.GetArrayDataReference(pairs);
        for (var i = start; i < start + length; i++)
        {
            var b = Unsafe.Add(ref c, i) << 1;
            ref readonly var pair = ref Unsafe.Add(ref p, i);
            Unsafe.Add(ref h, b) += pair.Gradient;
            Unsafe.Add(ref h, b + 1) += pair.Hessian;
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
            var b = Unsafe.Add(ref c, Unsafe.Add(ref r, i)) << 1;
            ref readonly var pair = ref Unsafe.Add(ref p, i);
            Unsafe.Add(ref h, b) += pair.Gradient;
            Unsafe.Add(ref h, b + 1) += pair.Hessian;
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
            var b0 = Unsafe.Add(ref c, i) << 1;
            var b1 = Unsafe.Add(ref c, i + 1) << 1;
            ref readonly var p0 = ref Unsafe.Add(ref p, i);
            ref readonly var p1 = ref Unsafe.Add(ref p, i + 1);
            Unsafe.Add(ref h0, b0) += p0.Gradient;
            Unsafe.Add(ref h0, b0 + 1) += p0.Hessian;
            Unsafe.Add(ref h1, b1) += p1.Gradient;
            Unsafe.Add(ref h1, b1 + 1) += p1.Hessian;
        }

        for (; i < length; i++)
        {
            var b = Unsafe.Add(ref c, i) << 1;
            ref readonly var pair = ref Unsafe.Add(ref p, i);
            Unsafe.Add(ref h0, b) += pair.Gradient;
            Unsafe.Add(ref h0, b + 1) += pair.Hessian;
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
            var b0 = Unsafe.Add(ref c, Unsafe.Add(ref r, i)) << 1;
            var b1 = Unsafe.Add(ref c, Unsafe.Add(ref r, i + 1)) << 1;
            ref readonly var p0 = ref Unsafe.Add(ref p, i);
            ref readonly var p1 = ref Unsafe.Add(ref p, i + 1);
            Unsafe.Add(ref h0, b0) += p0.Gradient;
            Unsafe.Add(ref h0, b0 + 1) += p0.Hessian;
            Unsafe.Add(ref h1, b1) += p1.Gradient;
            Unsafe.Add(ref h1, b1 + 1) += p1.Hessian;
        }

        for (; i < length; i++)
        {
            var b = Unsafe.Add(ref c, Unsafe.Add(ref r, i)) << 1;
            ref readonly var pair = ref Unsafe.Add(ref p, i);
            Unsafe.Add(ref h0, b) += pair.Gradient;
            Unsafe.Add(ref h0, b + 1) += pair.Hessian;
        }
    }

    private void Subtract(double[] parent, double[] child)
    {
        foreach (var f in _features)
        {
            var offset = 2 * _data.BinOffsets[f];
            var slots = 2 * (_data.Bins[f].BinCount + 1);
            var p = parent.AsSpan(offset, slots);
            var c = child.AsSpan(offset, slots);
            for (var s = 0; s < p.Length; s++)
            {
                p[s] -= c[s];
            }
        }
    }

    /// <summary>Reorders the node's rows so those going left come first, both sides keeping ascending row order (which
    /// keeps later histogram reads close to sequential). Returns the first right position.</summary>
    private int Partition(int begin, int end, byte[] codes, ReadOnlySpan<byte> goesLeft)
    {
        var rows = _rows;
        var scratch = _scratch;
        var left = begin;
        var right = 0;
        ref var lookup = ref MemoryMarshal.GetReference(goesLeft);
        ref var c = ref MemoryMarshal.GetArrayDataReference(codes);
        for (var i = begin; i < end; i++)
        {
            var row = rows[i];
            if (Unsafe.Add(ref lookup, Unsafe.Add(ref c, row)) != 0)
            {
                rows[left++] = row;
            }
            else
            {
                scratch[right++] = row;
            }
        }

        scratch.AsSpan(0, right).CopyTo(rows.AsSpan(left));
        return left;
    }
}
