using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Patron.Learning.Trees;

/// <summary>Gradient/hessian histograms per feature and the stable row partition after a split.</summary>
internal sealed partial class TreeGrower
{
    // Below this many (row, feature) cells a node is summed on the calling thread: the handoff (waking a worker, which
    // then spins for more work) costs CPU time the sum does not repay; a million cells is about a millisecond of work.
    private const long ParallelCellThreshold = 1 << 20;

    // Nodes with fewer rows than this gather and partition on the calling thread.
    internal const int ParallelRowThreshold = 4 * PartitionChunk;

    // Nodes with at least this many rows sum alternate rows into two histograms, which breaks the store-to-load
    // dependency between consecutive rows that fall into the same bin.
    internal const int TwoWayRowThreshold = 2_048;

    private const int GroupSize = 4;

    // Rows per chunk when a large node's gather or partition is split over threads.
    private const int PartitionChunk = 32_768;

    private void BuildHistogram(double[] histogram, int begin, int end, bool contiguous)
    {
        var length = end - begin;
        if (!contiguous)
        {
            // Gather the node's gradient pairs once so every feature reads them sequentially.
            if (length >= ParallelRowThreshold && _settings.MaxDegreeOfParallelism != 1)
            {
                Parallel.For(0, (length + PartitionChunk - 1) / PartitionChunk, _parallel, c =>
                    Gather(begin, c * PartitionChunk, Math.Min(length, (c + 1) * PartitionChunk)));
            }
            else
            {
                Gather(begin, 0, length);
            }
        }

        // Features are summed eight (or four) at a time so each row's index and gradient pair are loaded once per
        // unit; the features past the last group of four are summed one by one. Every feature's bins add its rows in
        // the same order whatever the unit, so the unit sizes do not change a sum.
        var fours = _features.Length / GroupSize;
        var units = (fours / 2) + (fours % 2) + (_features.Length % GroupSize == 0 ? 0 : 1);
        if ((long)length * _features.Length >= ParallelCellThreshold && _settings.MaxDegreeOfParallelism != 1 && units > 1)
        {
            Parallel.For(0, units, _parallel, u => BuildUnit(u, fours, histogram, begin, length, contiguous));
        }
        else
        {
            for (var u = 0; u < units; u++)
            {
                BuildUnit(u, fours, histogram, begin, length, contiguous);
            }
        }
    }

    /// <summary>The histogram a node over <paramref name="rows"/> (ascending; empty = every row, read in place) gets
    /// for <paramref name="features"/>: the kernels' result, for tests that pin it against a plain sum.</summary>
    internal double[] HistogramOf(GradientPair[] gradients, ReadOnlySpan<int> rows, int[] features)
    {
        _gradients = gradients;
        _features = features;
        var length = rows.IsEmpty ? _data.RowCount : rows.Length;
        for (var i = 0; rows.IsEmpty && i < length; i++)
        {
            _rows[i] = i;
        }

        rows.CopyTo(_rows);
        var histogram = new double[_histogramLength];
        BuildHistogram(histogram, 0, length, contiguous: rows.IsEmpty);
        return histogram;
    }

    // Unit u: eight features from 8u while two whole groups of four remain, then a group of four, then the rest.
    private void BuildUnit(int unit, int fours, double[] histogram, int begin, int length, bool contiguous)
    {
        var eights = fours / 2;
        if (unit >= eights)
        {
            // The group of four left over (odd count of fours), or the features past the last group of four.
            BuildGroup(unit - eights + (2 * eights), histogram, begin, length, contiguous);
            return;
        }

        var first = unit * 2 * GroupSize;
        for (var k = 0; k < 2 * GroupSize; k++)
        {
            Slice(histogram, _features[first + k]).Clear();
        }

        if (contiguous)
        {
            AccumulateEightContiguous(_data.Codes, _features, first, _gradients, length, histogram, _data.BinOffsets);
        }
        else
        {
            AccumulateEightGathered(_data.Codes, _features, first, _rows.AsSpan(begin, length), _ordered, histogram, _data.BinOffsets);
        }
    }

    private void BuildGroup(int group, double[] histogram, int begin, int length, bool contiguous)
    {
        var first = group * GroupSize;
        var count = Math.Min(GroupSize, _features.Length - first);
        if (count == 1)
        {
            BuildFeature(_features[first], histogram, begin, length, contiguous);
            return;
        }

        if (count < GroupSize)
        {
            BuildRest(first, count, histogram, begin, length, contiguous);
            return;
        }

        var f0 = _features[first];
        var f1 = _features[first + 1];
        var f2 = _features[first + 2];
        var f3 = _features[first + 3];
        var h0 = Slice(histogram, f0);
        var h1 = Slice(histogram, f1);
        var h2 = Slice(histogram, f2);
        var h3 = Slice(histogram, f3);
        h0.Clear();
        h1.Clear();
        h2.Clear();
        h3.Clear();
        var codes = _data.Codes;
        if (contiguous)
        {
            AccumulateFourContiguous(codes[f0], codes[f1], codes[f2], codes[f3], _gradients, length, h0, h1, h2, h3);
        }
        else
        {
            AccumulateFourGathered(codes[f0], codes[f1], codes[f2], codes[f3], _rows.AsSpan(begin, length), _ordered, h0, h1, h2, h3);
        }
    }

    /// <summary>The two or three features past the last group of four, in one pass over the rows: the sums of
    /// <see cref="BuildFeature"/> (each feature's bins add the rows in row order, or, from
    /// <see cref="TwoWayRowThreshold"/> rows, the even and the odd positions apart, the odd half then added slot by
    /// slot), with each row's index and gradient pair loaded once for all of them.</summary>
    private void BuildRest(int first, int count, double[] histogram, int begin, int length, bool contiguous)
    {
        var f0 = _features[first];
        var f1 = _features[first + 1];
        var h0 = Slice(histogram, f0);
        var h1 = Slice(histogram, f1);
        h0.Clear();
        h1.Clear();

        // With two features the third sums into a scratch histogram that is thrown away.
        Span<double> unused = stackalloc double[2 * 256];
        var h2 = count == 3 ? Slice(histogram, _features[first + 2]) : unused[..h0.Length];
        h2.Clear();
        var codes = _data.Codes;
        var c2 = count == 3 ? codes[_features[first + 2]] : codes[f0];
        var twoWay = length >= TwoWayRowThreshold;
        Span<double> halves = stackalloc double[twoWay ? h0.Length + h1.Length + h2.Length : 0];
        halves.Clear();
        var s0 = twoWay ? halves[..h0.Length] : h0;
        var s1 = twoWay ? halves.Slice(h0.Length, h1.Length) : h1;
        var s2 = twoWay ? halves[(h0.Length + h1.Length)..] : h2;
        if (contiguous)
        {
            AccumulateThreeContiguous(codes[f0], codes[f1], c2, _gradients, length, h0, h1, h2, s0, s1, s2);
        }
        else
        {
            AccumulateThreeGathered(codes[f0], codes[f1], c2, _rows.AsSpan(begin, length), _ordered, h0, h1, h2, s0, s1, s2);
        }

        if (twoWay)
        {
            AddSlots(h0, s0);
            AddSlots(h1, s1);
            AddSlots(h2, s2);
        }
    }

    private Span<double> Slice(double[] histogram, int feature) =>
        histogram.AsSpan(2 * _data.BinOffsets[feature], 2 * (_data.Bins[feature].BinCount + 1));

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

    private void Subtract(double[] parent, double[] child)
    {
        foreach (var f in _features)
        {
            var offset = 2 * _data.BinOffsets[f];
            var slots = 2 * (_data.Bins[f].BinCount + 1);
            SubtractSlots(parent.AsSpan(offset, slots), child.AsSpan(offset, slots));
        }
    }

    /// <summary><paramref name="target"/>[s] += <paramref name="other"/>[s] for every slot, several slots per
    /// instruction (each lane adds exactly as the scalar addition does).</summary>
    internal static void AddSlots(Span<double> target, ReadOnlySpan<double> other)
    {
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var o = ref MemoryMarshal.GetReference(other);
        var length = (nuint)(uint)Math.Min(target.Length, other.Length);
        nuint s = 0;
        for (; s + (nuint)Vector256<double>.Count <= length; s += (nuint)Vector256<double>.Count)
        {
            Vector256.Add(Vector256.LoadUnsafe(ref t, s), Vector256.LoadUnsafe(ref o, s)).StoreUnsafe(ref t, s);
        }

        for (; s < length; s++)
        {
            Unsafe.Add(ref t, s) += Unsafe.Add(ref o, s);
        }
    }

    /// <summary><paramref name="parent"/>[s] -= <paramref name="child"/>[s] for every slot, several slots per
    /// instruction (each lane subtracts exactly as the scalar subtraction does).</summary>
    internal static void SubtractSlots(Span<double> parent, ReadOnlySpan<double> child)
    {
        ref var p = ref MemoryMarshal.GetReference(parent);
        ref var c = ref MemoryMarshal.GetReference(child);
        var length = (nuint)(uint)Math.Min(parent.Length, child.Length);
        nuint s = 0;
        for (; s + (nuint)Vector256<double>.Count <= length; s += (nuint)Vector256<double>.Count)
        {
            Vector256.Subtract(Vector256.LoadUnsafe(ref p, s), Vector256.LoadUnsafe(ref c, s)).StoreUnsafe(ref p, s);
        }

        for (; s < length; s++)
        {
            Unsafe.Add(ref p, s) -= Unsafe.Add(ref c, s);
        }
    }

    private void Gather(int begin, int from, int to)
    {
        var rows = _rows;
        var gradients = _gradients;
        var ordered = _ordered;
        for (var i = from; i < to; i++)
        {
            ordered[i] = gradients[rows[begin + i]];
        }
    }

    /// <summary>Reorders the node's rows so those going left come first, both sides keeping ascending row order (which
    /// keeps later histogram reads close to sequential). Returns the first right position.</summary>
    /// <remarks>Large nodes are split in fixed chunks: each chunk (on any thread) moves its left rows to its own start
    /// and its right rows to its own slice of the scratch buffer, then the chunks' two sides are copied to their places
    /// in chunk order. Chunk bounds depend only on the node, so the result is the same as the sequential pass.</remarks>
    private int Partition(int begin, int end, byte[] codes, ReadOnlySpan<byte> goesLeft)
    {
        var length = end - begin;
        if (length < ParallelRowThreshold || _settings.MaxDegreeOfParallelism == 1)
        {
            var left = Compact(_rows, _scratch, begin, end, 0, codes, goesLeft);
            _scratch.AsSpan(0, length - left).CopyTo(_rows.AsSpan(begin + left));
            return begin + left;
        }

        var chunks = (length + PartitionChunk - 1) / PartitionChunk;
        if (_chunkLefts.Length < chunks + 1)
        {
            _chunkLefts = new int[chunks + 1];
        }

        var lookup = _lookupScratch;
        goesLeft.CopyTo(lookup);
        var lefts = _chunkLefts;
        Parallel.For(0, chunks, _parallel, c =>
        {
            var from = begin + (c * PartitionChunk);
            var to = Math.Min(end, from + PartitionChunk);
            lefts[c] = Compact(_rows, _scratch, from, to, from, codes, lookup);
        });

        // Each chunk's left rows move down to follow the previous chunk's (a chunk's target ends at or before the
        // next chunk's start, so copying in chunk order never overwrites rows still to move); then the right rows.
        var totalLeft = 0;
        for (var c = 0; c < chunks; c++)
        {
            Array.Copy(_rows, begin + (c * PartitionChunk), _rows, begin + totalLeft, lefts[c]);
            totalLeft += lefts[c];
        }

        var right = begin + totalLeft;
        for (var c = 0; c < chunks; c++)
        {
            var from = begin + (c * PartitionChunk);
            var count = Math.Min(end, from + PartitionChunk) - from - lefts[c];
            Array.Copy(_scratch, from, _rows, right, count);
            right += count;
        }

        return begin + totalLeft;
    }

    /// <summary>Moves the left rows of <c>rows[from..to)</c> to <c>rows[from..)</c> and its right rows to
    /// <c>scratch[scratchStart..)</c>, both in their order; returns the left count.</summary>
    /// <remarks>Every row is written to both sides and counted on one, with no branch on its direction (which the
    /// processor cannot predict): a write to <paramref name="rows"/> lands on a slot already read, since the left count
    /// never passes the position, and one to <paramref name="scratch"/> stays below <c>scratchStart + (to - from)</c>.</remarks>
    internal static int Compact(int[] rows, int[] scratch, int from, int to, int scratchStart, byte[] codes, ReadOnlySpan<byte> goesLeft)
    {
        ref var r = ref MemoryMarshal.GetArrayDataReference(rows);
        ref var s = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(scratch), (nuint)(uint)scratchStart);
        ref var lookup = ref MemoryMarshal.GetReference(goesLeft);
        ref var c = ref MemoryMarshal.GetArrayDataReference(codes);
        var left = (nuint)(uint)from;
        nuint right = 0;
        for (var i = (nuint)(uint)from; i < (uint)to; i++)
        {
            var row = Unsafe.Add(ref r, i);
            var flag = (nuint)Unsafe.Add(ref lookup, (nuint)Unsafe.Add(ref c, (nuint)(uint)row));
            Unsafe.Add(ref r, left) = row;
            Unsafe.Add(ref s, right) = row;
            left += flag;
            right += 1 - flag;
        }

        return (int)(left - (uint)from);
    }
}
