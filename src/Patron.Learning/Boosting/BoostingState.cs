using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning.Boosting;

/// <summary>The mutable state of one boosting run: binned data, raw scores, gradients and the reusable tree grower.</summary>
/// <remarks>The run trains on every row of the binned matrix, or on a subset of its rows (a fold, the rows outside an
/// early-stopping slice) without copying the matrix: labels, weights and raw scores are then held per training row,
/// and the gradients are scattered to the rows' places in the matrix, where the grower reads them.</remarks>
internal sealed class BoostingState
{
    private readonly GradientBoostingOptions _options;
    private readonly IBoostingLoss _loss;
    private readonly TreeGrower _grower;
    private readonly int[]? _subset;
    private readonly double[] _y;
    private readonly double[] _weight;
    private readonly double[] _raw;
    private readonly GradientPair[] _gradients;
    private readonly GradientPair[] _scattered;
    private readonly int[] _sampleBuffer;
    private readonly int[] _allFeatures;

    // The training positions the round's sample left out (the first _leftOutCount slots); they walk the new tree.
    private readonly int[] _leftOut;
    private int _leftOutCount;

    // With a subset: per row of the binned matrix, its training position (rows outside the subset are never read).
    private readonly int[] _positionOf;

    /// <param name="options">The learner's options.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="binned">The binned matrix.</param>
    /// <param name="schema">The matrix's schema (for the monotone constraints).</param>
    /// <param name="subset">The rows of <paramref name="binned"/> to train on, ascending, or null for every row.</param>
    /// <param name="y">One label per training row (in the order of <paramref name="subset"/>).</param>
    /// <param name="weight">One weight per training row, or empty.</param>
    public BoostingState(GradientBoostingOptions options, IBoostingLoss loss, BinnedMatrix binned, FeatureSchema schema, int[]? subset, ReadOnlySpan<double> y, ReadOnlySpan<double> weight)
    {
        _options = options;
        _loss = loss;
        _subset = subset;
        _y = y.ToArray();
        _weight = weight.ToArray();
        BaseScore = loss.BaseScore(y, weight);
        _grower = new TreeGrower(binned, options.ToGrowerSettings() with { Monotone = options.MonotoneFor(schema) });
        _raw = new double[_y.Length];
        Array.Fill(_raw, BaseScore);
        _gradients = new GradientPair[_y.Length];
        _scattered = subset is null ? _gradients : new GradientPair[binned.RowCount];
        _sampleBuffer = options.RowSample < 1 ? new int[_y.Length] : [];
        _leftOut = options.RowSample < 1 ? new int[_y.Length] : [];
        _positionOf = subset is null ? [] : new int[binned.RowCount];
        for (var k = 0; subset is not null && k < subset.Length; k++)
        {
            _positionOf[subset[k]] = k;
        }

        _allFeatures = new int[binned.FeatureCount];
        for (var f = 0; f < _allFeatures.Length; f++)
        {
            _allFeatures[f] = f;
        }
    }

    public double BaseScore { get; }

    public static double Mean(double[] sums, double[] weights)
    {
        double s = 0, w = 0;
        for (var b = 0; b < sums.Length; b++)
        {
            s += sums[b];
            w += weights[b];
        }

        return w > 0 ? s / w : 0;
    }

    /// <summary>The mean training loss at the raw scores the last <see cref="Round"/> started from.</summary>
    public double LossBeforeRound { get; private set; }

    /// <summary>Fits one tree to the current gradients and adds it to the raw scores.</summary>
    public DecisionTree Round(int round)
    {
        var random = SeededRandom.ForStream(_options.Seed, round);
        var rows = SampleRows(random);
        var features = SampleFeatures(random);
        LossBeforeRound = ComputeGradients();
        var tree = _grower.Grow(_scattered, rows, features, random);
        UpdateRaw(tree, sampled: !rows.IsEmpty);
        return tree;
    }

    public double MeanLoss()
    {
        var blocks = RowBlocks.Count(_raw.Length);
        var sums = new double[blocks];
        var weights = new double[blocks];
        RowBlocks.For(_raw.Length, _options.MaxDegreeOfParallelism, (b, start, end) =>
            (sums[b], weights[b]) = _loss.LossSum(_y.AsSpan(start, end - start), WeightSlice(start, end), _raw.AsSpan(start, end - start)));
        return Mean(sums, weights);
    }

    private ReadOnlySpan<double> WeightSlice(int start, int end) =>
        _weight.Length == 0 ? ReadOnlySpan<double>.Empty : _weight.AsSpan(start, end - start);

    private double ComputeGradients()
    {
        var blocks = RowBlocks.Count(_raw.Length);
        var sums = new double[blocks];
        var weights = new double[blocks];
        var subset = _subset;
        RowBlocks.For(_raw.Length, _options.MaxDegreeOfParallelism, (b, start, end) =>
        {
            (sums[b], weights[b]) = _loss.Gradients(_y.AsSpan(start, end - start), WeightSlice(start, end), _raw.AsSpan(start, end - start), _gradients.AsSpan(start, end - start));
            if (subset is not null)
            {
                for (var k = start; k < end; k++)
                {
                    _scattered[subset[k]] = _gradients[k];
                }
            }
        });
        return Mean(sums, weights);
    }

    private ReadOnlySpan<int> SampleRows(SeededRandom random)
    {
        if (_options.RowSample >= 1)
        {
            // Every training row: the whole matrix needs no row list, a subset is its own list.
            return _subset;
        }

        // Bernoulli draw per row keeps the sample sorted, which keeps histogram reads sequential. Every position is
        // written to both lists and counted in one of them, so the loop has no branch on the draw.
        var count = 0;
        var left = 0;
        var threshold = SampleThreshold(_options.RowSample);
        var sample = _sampleBuffer;
        var leftOut = _leftOut;
        for (var i = 0; i < _raw.Length; i++)
        {
            var taken = SeededRandom.Below(random.NextUInt64(), threshold) ? 1 : 0;
            sample[count] = i;
            leftOut[left] = i;
            count += taken;
            left += 1 - taken;
        }

        if (count == 0)
        {
            var only = random.NextInt(_raw.Length);
            _sampleBuffer[count++] = only;
            left = 0;
            for (var i = 0; i < _raw.Length; i++)
            {
                if (i != only)
                {
                    leftOut[left++] = i;
                }
            }
        }

        _leftOutCount = left;

        if (_subset is { } subset)
        {
            for (var k = 0; k < count; k++)
            {
                _sampleBuffer[k] = subset[_sampleBuffer[k]];
            }
        }

        return _sampleBuffer.AsSpan(0, count);
    }

    /// <summary>The integer form of the draw <c>NextDouble() &lt; share</c>: <c>NextDouble()</c> is k / 2^53 for the
    /// draw's top 53 bits k, exactly, and share · 2^53 is exact too, so the draw is taken exactly when k is below the
    /// ceiling of share · 2^53 (same rows, one integer compare instead of a conversion and a multiply).</summary>
    internal static ulong SampleThreshold(double share) => (ulong)Math.Ceiling(share * (1UL << 53));

    private int[] SampleFeatures(SeededRandom random)
    {
        if (_options.ColumnSample >= 1)
        {
            return _allFeatures;
        }

        var k = Math.Max(1, (int)Math.Round(_options.ColumnSample * _allFeatures.Length));
        var picked = new int[k];
        random.SampleSorted(_allFeatures.Length, k, picked);
        return picked;
    }

    private void UpdateRaw(DecisionTree tree, bool sampled)
    {
        // The rows the tree was grown on take their leaf from the grower's leaf ranges (leaves own disjoint rows, and
        // every training row's raw score gets exactly one add per round, so the order of the adds changes no bit).
        var values = tree.Value;
        var threads = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism };
        var positions = _positionOf;
        var inPlace = _subset is not null;
        Parallel.For(0, tree.NodeCount, threads, node =>
        {
            if (!_grower.IsLeaf(node))
            {
                return;
            }

            var (begin, end) = _grower.LeafRange(node);
            AddToLeafRows(_raw, _grower.Rows[begin..end], inPlace ? positions : null, values[node]);
        });

        if (!sampled || _leftOutCount == 0)
        {
            return;
        }

        // Only the rows the round's sample left out walk the tree, on their bin codes, a slice of rows at a time.
        var subset = _subset;
        RowBlocks.For(_leftOutCount, _options.MaxDegreeOfParallelism, (_, start, end) =>
        {
            Span<int> leaves = stackalloc int[WalkSlice];
            for (var from = start; from < end; from += WalkSlice)
            {
                var positions = _leftOut.AsSpan(from, Math.Min(WalkSlice, end - from));
                _grower.LeavesOf(positions, subset, leaves);
                for (var k = 0; k < positions.Length; k++)
                {
                    _raw[positions[k]] += values[leaves[k]];
                }
            }
        });
    }

    /// <summary>Adds <paramref name="value"/> to the raw score of each row of <paramref name="rows"/> (through
    /// <paramref name="positions"/>, the training position of each matrix row, when training on a subset).</summary>
    internal static void AddToLeafRows(double[] raw, ReadOnlySpan<int> rows, int[]? positions, double value)
    {
        if (positions is null)
        {
            foreach (var row in rows)
            {
                raw[row] += value;
            }

            return;
        }

        foreach (var row in rows)
        {
            raw[positions[row]] += value;
        }
    }

    /// <summary>Rows whose leaves are found in one call of <see cref="LeavesOf"/> (a kilobyte of leaf ids on the
    /// stack).</summary>
    internal const int WalkSlice = 256;

    /// <summary>The leaves of the last grown tree that binned rows <paramref name="rows"/> reach, into
    /// <paramref name="leaves"/>.</summary>
    public void LeavesOf(ReadOnlySpan<int> rows, Span<int> leaves) => _grower.LeavesOf(rows, null, leaves);
}
