using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning.Forest;

/// <summary>Trains a random forest: bootstrap rows and random feature subsets per tree, each tree grown with the
/// histogram grower on the variance (for 0/1 labels, Gini) criterion, leaves holding the mean label.</summary>
/// <remarks>Trees are grown in parallel; tree t draws from its own seeded stream, so the model does not depend on the
/// thread count or schedule.</remarks>
public sealed class RandomForestLearner : ILearner<RandomForestModel>
{
    public RandomForestLearner(RandomForestOptions? options = null)
    {
        Options = options ?? new RandomForestOptions();
        Options.Validate();
    }

    public RandomForestOptions Options { get; }

    /// <inheritdoc/>
    public RandomForestModel Fit(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight)
    {
        TrainingInput.Validate(x, y, sampleWeight, "training");
        if (Options.Task == TaskKind.Binary)
        {
            new LogLoss().ValidateLabels(y);
        }
        else
        {
            LossMath.RequireFinite(y, nonNegative: false);
        }

        var binned = BinnedMatrix.Build(x, Options.MaxBins, Options.MaxDegreeOfParallelism);
        var fraction = Options.EffectiveFeatureFraction(x.ColumnCount);
        var settings = new TreeGrowerSettings
        {
            MaxDepth = Options.MaxDepth,
            Growth = GrowthPolicy.DepthWise,
            Lambda = 0,
            MinChildWeight = Options.MinSamplesLeaf,

            // Pure nodes can show a gain of a few ulps; this keeps them leaves.
            MinSplitGain = 1e-9,
            LeafScale = 1,
            FeatureFractionPerNode = Options.SampleFeaturesPerTree ? 1 : fraction,
            CoverFromHessian = true,
            MaxDegreeOfParallelism = 1,
        };
        var labels = y.ToArray();
        var weights = sampleWeight.ToArray();
        var trees = new DecisionTree[Options.Trees];
        Parallel.For(
            0,
            Options.Trees,
            new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism },
            () => new Worker(binned, settings),
            (t, _, worker) =>
            {
                trees[t] = worker.Grow(t, Options, fraction, labels, weights);
                return worker;
            },
            _ => { });
        return new RandomForestModel(x.Schema, Options.Task, trees);
    }

    /// <summary>One thread's reusable buffers.</summary>
    private sealed class Worker
    {
        private readonly TreeGrower _grower;
        private readonly GradientPair[] _pairs;
        private readonly int[] _counts;
        private readonly int[] _rows;
        private readonly int _features;

        public Worker(BinnedMatrix data, TreeGrowerSettings settings)
        {
            _grower = new TreeGrower(data, settings);
            _pairs = new GradientPair[data.RowCount];
            _counts = new int[data.RowCount];
            _rows = new int[data.RowCount];
            _features = data.FeatureCount;
        }

        public DecisionTree Grow(int tree, RandomForestOptions options, double fraction, double[] y, double[] weight)
        {
            var random = SeededRandom.ForStream(options.Seed, tree);
            var n = y.Length;
            Array.Clear(_counts);
            if (options.Bootstrap)
            {
                var draws = Math.Max(1, (int)Math.Round(options.SampleFraction * n));
                for (var k = 0; k < draws; k++)
                {
                    _counts[random.NextInt(n)]++;
                }
            }
            else
            {
                Array.Fill(_counts, 1);
            }

            // Leaf value -G/H with lambda 0 is the weighted mean label of the bootstrap rows.
            var used = 0;
            for (var i = 0; i < n; i++)
            {
                var c = _counts[i] * (weight.Length == 0 ? 1.0 : weight[i]);
                _pairs[i] = new GradientPair((float)(-y[i] * c), (float)c);
                if (c > 0)
                {
                    _rows[used++] = i;
                }
            }

            int[] features;
            if (options.SampleFeaturesPerTree && fraction < 1)
            {
                var k = Math.Max(1, (int)Math.Round(fraction * _features));
                features = new int[k];
                random.SampleSorted(_features, k, features);
            }
            else
            {
                features = new int[_features];
                for (var f = 0; f < features.Length; f++)
                {
                    features[f] = f;
                }
            }

            return _grower.Grow(_pairs, _rows.AsSpan(0, used), features, random);
        }
    }
}
