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

    // Per row of the binned matrix, the leaf the last tree put it in when it was in the tree's sample, else -1.
    private readonly int[] _sampledLeaf;

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
        _sampledLeaf = options.RowSample < 1 || subset is not null ? new int[binned.RowCount] : [];
        Array.Fill(_sampledLeaf, -1);
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

        // Bernoulli draw per row keeps the sample sorted, which keeps histogram reads sequential.
        var count = 0;
        for (var i = 0; i < _raw.Length; i++)
        {
            if (random.NextDouble() < _options.RowSample)
            {
                _sampleBuffer[count++] = i;
            }
        }

        if (count == 0)
        {
            _sampleBuffer[count++] = random.NextInt(_raw.Length);
        }

        if (_subset is { } subset)
        {
            for (var k = 0; k < count; k++)
            {
                _sampleBuffer[k] = subset[_sampleBuffer[k]];
            }
        }

        return _sampleBuffer.AsSpan(0, count);
    }

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
        var values = tree.Value;
        if (!sampled)
        {
            // Every row took part: each leaf's row range says where its value goes (leaves own disjoint rows).
            Parallel.For(0, tree.NodeCount, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism }, node =>
            {
                if (!_grower.IsLeaf(node))
                {
                    return;
                }

                var rows = _grower.Rows;
                var (begin, end) = _grower.LeafRange(node);
                var v = values[node];
                for (var i = begin; i < end; i++)
                {
                    _raw[rows[i]] += v;
                }
            });

            return;
        }

        // The sampled rows' leaves are known from the grower's leaf ranges; only the rows left out of the sample walk
        // the tree. Either way a row gets the value of the leaf it reaches, so the raw scores are the same.
        MarkSampledLeaves(tree, clear: false);
        var subset = _subset;
        RowBlocks.For(_raw.Length, _options.MaxDegreeOfParallelism, (_, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var row = subset is null ? i : subset[i];
                var leaf = _sampledLeaf[row];
                _raw[i] += values[leaf >= 0 ? leaf : _grower.LeafOf(row)];
            }
        });
        MarkSampledLeaves(tree, clear: true);
    }

    /// <summary>Sets (or, with <paramref name="clear"/>, resets to -1) the leaf of every row the last tree was grown on,
    /// on the calling thread: a pass of plain writes, which a parallel loop would cost more in handoffs than it saves.</summary>
    private void MarkSampledLeaves(DecisionTree tree, bool clear)
    {
        var rows = _grower.Rows;
        for (var node = 0; node < tree.NodeCount; node++)
        {
            if (!_grower.IsLeaf(node))
            {
                continue;
            }

            var (begin, end) = _grower.LeafRange(node);
            for (var i = begin; i < end; i++)
            {
                _sampledLeaf[rows[i]] = clear ? -1 : node;
            }
        }
    }
}
