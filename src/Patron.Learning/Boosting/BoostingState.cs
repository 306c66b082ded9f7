using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning.Boosting;

/// <summary>The mutable state of one boosting run: binned data, raw scores, gradients and the reusable tree grower.</summary>
internal sealed class BoostingState
{
    private readonly GradientBoostingOptions _options;
    private readonly IBoostingLoss _loss;
    private readonly BinnedMatrix _binned;
    private readonly TreeGrower _grower;
    private readonly double[] _y;
    private readonly double[] _weight;
    private readonly double[] _raw;
    private readonly GradientPair[] _gradients;
    private readonly int[] _sampleBuffer;
    private readonly int[] _allFeatures;

    public BoostingState(GradientBoostingOptions options, IBoostingLoss loss, FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> weight)
    {
        _options = options;
        _loss = loss;
        _y = y.ToArray();
        _weight = weight.ToArray();
        BaseScore = loss.BaseScore(y, weight);
        _binned = BinnedMatrix.Build(x, options.MaxBins, options.MaxDegreeOfParallelism);
        _grower = new TreeGrower(_binned, options.ToGrowerSettings() with { Monotone = options.MonotoneFor(x.Schema) });
        _raw = new double[x.RowCount];
        Array.Fill(_raw, BaseScore);
        _gradients = new GradientPair[x.RowCount];
        _sampleBuffer = options.RowSample < 1 ? new int[x.RowCount] : [];
        _allFeatures = new int[x.ColumnCount];
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
        var tree = _grower.Grow(_gradients, rows, features, random);
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
        RowBlocks.For(_raw.Length, _options.MaxDegreeOfParallelism, (b, start, end) =>
            (sums[b], weights[b]) = _loss.Gradients(_y.AsSpan(start, end - start), WeightSlice(start, end), _raw.AsSpan(start, end - start), _gradients.AsSpan(start, end - start)));
        return Mean(sums, weights);
    }

    private ReadOnlySpan<int> SampleRows(SeededRandom random)
    {
        if (_options.RowSample >= 1)
        {
            return [];
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

        RowBlocks.For(_raw.Length, _options.MaxDegreeOfParallelism, (_, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                _raw[i] += values[_grower.LeafOf(i)];
            }
        });
    }
}
