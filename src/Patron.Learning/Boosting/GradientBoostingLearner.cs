using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning.Boosting;

/// <summary>Trains gradient-boosted trees (histogram based, Newton steps as in XGBoost) with any of the
/// <see cref="BoostingLoss"/> losses, optional row and column subsampling, and early stopping on a validation set.</summary>
/// <remarks>Uses all cores (or <see cref="GradientBoostingOptions.MaxDegreeOfParallelism"/>); the model does not depend
/// on the thread count. Same data, weights and options give the same model bytes.</remarks>
public sealed class GradientBoostingLearner : ILearner<GradientBoostingModel>
{
    /// <summary>Creates a learner; throws when an option is out of range.</summary>
    public GradientBoostingLearner(GradientBoostingOptions? options = null)
    {
        Options = options ?? new GradientBoostingOptions();
        Options.Validate();
    }

    public GradientBoostingOptions Options { get; }

    /// <inheritdoc/>
    public GradientBoostingModel Fit(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight) =>
        Fit(x, y, sampleWeight, null, default, default);

    /// <summary>Trains, scoring a validation set after every round; with
    /// <see cref="GradientBoostingOptions.EarlyStoppingRounds"/> &gt; 0 training stops once the validation loss has not
    /// improved for that many rounds, and the model keeps the rounds up to the best one.</summary>
    public GradientBoostingModel Fit(
        FeatureMatrix x,
        ReadOnlySpan<double> y,
        ReadOnlySpan<double> sampleWeight,
        FeatureMatrix? validation,
        ReadOnlySpan<double> validationY,
        ReadOnlySpan<double> validationWeight)
    {
        TrainingInput.Validate(x, y, sampleWeight, "training");
        var loss = Options.CreateLoss();
        loss.ValidateLabels(y);
        if (validation is not null)
        {
            x.Schema.EnsureCompatible(validation.Schema);
            TrainingInput.Validate(validation, validationY, validationWeight, "validation");
            loss.ValidateLabels(validationY);
        }

        var state = new BoostingState(Options, loss, x, y, sampleWeight);
        var valid = validation is null ? null : new ValidationState(validation, validationY, validationWeight, state.BaseScore);
        var trees = new List<DecisionTree>(Options.Rounds);
        var trainLoss = new List<double>(Options.Rounds);
        var validLoss = new List<double>(Options.Rounds);
        var best = -1;
        var bestLoss = double.PositiveInfinity;
        for (var round = 0; round < Options.Rounds; round++)
        {
            var tree = state.Round(round);
            trees.Add(tree);

            // The gradient pass of each round also measures the loss reached by the previous round.
            if (round > 0)
            {
                trainLoss.Add(state.LossBeforeRound);
            }

            if (valid is null)
            {
                continue;
            }

            var current = valid.Add(tree, loss, Options.MaxDegreeOfParallelism);
            validLoss.Add(current);
            if (current < bestLoss)
            {
                bestLoss = current;
                best = round;
            }
            else if (Options.EarlyStoppingRounds > 0 && round - best >= Options.EarlyStoppingRounds)
            {
                break;
            }
        }

        trainLoss.Add(state.MeanLoss());
        var kept = valid is null || Options.EarlyStoppingRounds == 0 ? trees.Count : best + 1;
        return new GradientBoostingModel(
            x.Schema,
            Options.Loss,
            Options.TweedieVariancePower,
            state.BaseScore,
            [.. trees.GetRange(0, kept)],
            [.. trainLoss],
            [.. validLoss]);
    }

    /// <summary>Raw scores of the validation rows, updated tree by tree.</summary>
    private sealed class ValidationState
    {
        private readonly float[][] _columns;
        private readonly double[] _y;
        private readonly double[] _weight;
        private readonly double[] _raw;

        public ValidationState(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> weight, double baseScore)
        {
            _columns = TreeEnsemble.Columns(x);
            _y = y.ToArray();
            _weight = weight.ToArray();
            _raw = new double[x.RowCount];
            Array.Fill(_raw, baseScore);
        }

        public double Add(DecisionTree tree, IBoostingLoss loss, int threads)
        {
            var blocks = RowBlocks.Count(_raw.Length);
            var sums = new double[blocks];
            var weights = new double[blocks];
            RowBlocks.For(_raw.Length, threads, (b, start, end) =>
            {
                for (var i = start; i < end; i++)
                {
                    _raw[i] += tree.Evaluate(_columns, i);
                }

                var w = _weight.Length == 0 ? ReadOnlySpan<double>.Empty : _weight.AsSpan(start, end - start);
                (sums[b], weights[b]) = loss.LossSum(_y.AsSpan(start, end - start), w, _raw.AsSpan(start, end - start));
            });
            return BoostingState.Mean(sums, weights);
        }
    }
}
