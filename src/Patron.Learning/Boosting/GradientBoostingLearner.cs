using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning.Boosting;

/// <summary>Trains gradient-boosted trees (histogram based, Newton steps as in XGBoost) with any of the
/// <see cref="BoostingLoss"/> losses, optional row and column subsampling, and early stopping on a validation set.</summary>
/// <remarks>Uses all cores (or <see cref="GradientBoostingOptions.MaxDegreeOfParallelism"/>); the model does not depend
/// on the thread count. Same data, weights and options give the same model bytes.</remarks>
public sealed class GradientBoostingLearner : ILearner<GradientBoostingModel>, IRowLearner
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

        var binned = BinnedMatrix.Build(x, Options.MaxBins, Options.MaxDegreeOfParallelism);
        var state = new BoostingState(Options, loss, binned, x.Schema, null, y, sampleWeight);
        var valid = validation is null ? null : new ValidationState(TreeEnsemble.Columns(validation), null, validationY, validationWeight, state.BaseScore);
        return Train(x.Schema, loss, state, valid);
    }

    /// <summary>Trains on some rows of <paramref name="x"/> without copying them, its bins taken from (or added to)
    /// <paramref name="bins"/>; with <paramref name="validationRows"/> (other rows of the same matrix) as the
    /// validation set of the other overload.</summary>
    /// <param name="x">The matrix, shared with other fits.</param>
    /// <param name="bins">Bins shared between fits, or null to bin <paramref name="x"/> for this fit alone.</param>
    /// <param name="rows">The training rows, ascending, or null for every row.</param>
    /// <param name="y">One label per training row, in the order of <paramref name="rows"/>.</param>
    /// <param name="sampleWeight">One weight per training row, or empty.</param>
    /// <param name="validationRows">Rows scored after every round (ascending), or null for none.</param>
    /// <param name="validationY">One label per validation row.</param>
    internal GradientBoostingModel Fit(FeatureMatrix x, SharedBins? bins, int[]? rows, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight, int[]? validationRows, ReadOnlySpan<double> validationY)
    {
        ArgumentNullException.ThrowIfNull(x);
        var count = rows?.Length ?? x.RowCount;
        if (count == 0 || y.Length != count || (!sampleWeight.IsEmpty && sampleWeight.Length != count))
        {
            throw new ArgumentException($"Training on {count} rows needs one label (and one weight, when weighted) per row; got {y.Length} labels and {sampleWeight.Length} weights.", nameof(y));
        }

        CheckRows(rows, x.RowCount, nameof(rows));
        CheckRows(validationRows, x.RowCount, nameof(validationRows));
        TrainingInput.ValidateWeights(sampleWeight, "training");
        var loss = Options.CreateLoss();
        loss.ValidateLabels(y);
        if (validationRows is not null)
        {
            if (validationY.Length != validationRows.Length)
            {
                throw new ArgumentException($"The validation rows have {validationY.Length} labels for {validationRows.Length} rows.", nameof(validationY));
            }

            loss.ValidateLabels(validationY);
        }

        var binned = bins?.For(x, Options.MaxBins, Options.MaxDegreeOfParallelism) ?? BinnedMatrix.Build(x, Options.MaxBins, Options.MaxDegreeOfParallelism);
        var state = new BoostingState(Options, loss, binned, x.Schema, rows, y, sampleWeight);
        var valid = validationRows is null ? null : new ValidationState(TreeEnsemble.Columns(x), validationRows, validationY, [], state.BaseScore) { Binned = state };
        return Train(x.Schema, loss, state, valid);
    }

    IPredictor IRowLearner.Fit(FeatureMatrix x, SharedBins? bins, int[]? rows, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight) =>
        Fit(x, bins, rows, y, sampleWeight, null, default);

    private static void CheckRows(int[]? rows, int rowCount, string name)
    {
        for (var k = 0; rows is not null && k < rows.Length; k++)
        {
            if (rows[k] < 0 || rows[k] >= rowCount || (k > 0 && rows[k] <= rows[k - 1]))
            {
                throw new ArgumentException($"Row {rows[k]} at position {k}: rows must be ascending, distinct and below the matrix's {rowCount} rows.", name);
            }
        }
    }

    private GradientBoostingModel Train(FeatureSchema schema, IBoostingLoss loss, BoostingState state, ValidationState? valid)
    {
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
            schema,
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
        private readonly int[]? _rows;
        private readonly double[] _y;
        private readonly double[] _weight;
        private readonly double[] _raw;

        /// <param name="columns">The matrix's columns.</param>
        /// <param name="rows">The validation rows of those columns, or null for every row.</param>
        /// <param name="y">One label per validation row.</param>
        /// <param name="weight">One weight per validation row, or empty.</param>
        /// <param name="baseScore">The raw score before the first tree.</param>
        public ValidationState(float[][] columns, int[]? rows, ReadOnlySpan<double> y, ReadOnlySpan<double> weight, double baseScore)
        {
            _columns = columns;
            _rows = rows;
            _y = y.ToArray();
            _weight = weight.ToArray();
            _raw = new double[_y.Length];
            Array.Fill(_raw, baseScore);
        }

        /// <summary>The training state when the validation rows are rows of its binned matrix: they then reach the
        /// last tree's leaf on their bin codes, as the training rows do (the same leaf as by their values, since the
        /// thresholds are the bins' bounds).</summary>
        public BoostingState? Binned { get; init; }

        public double Add(DecisionTree tree, IBoostingLoss loss, int threads)
        {
            var blocks = RowBlocks.Count(_raw.Length);
            var sums = new double[blocks];
            var weights = new double[blocks];
            var rows = _rows;
            var binned = rows is null ? null : Binned;
            var values = tree.Value;
            RowBlocks.For(_raw.Length, threads, (b, start, end) =>
            {
                if (binned is null)
                {
                    for (var i = start; i < end; i++)
                    {
                        _raw[i] += tree.Evaluate(_columns, rows is null ? i : rows[i]);
                    }
                }
                else
                {
                    Span<int> leaves = stackalloc int[BoostingState.WalkSlice];
                    for (var from = start; from < end; from += BoostingState.WalkSlice)
                    {
                        var count = Math.Min(BoostingState.WalkSlice, end - from);
                        binned.LeavesOf(rows.AsSpan(from, count), leaves);
                        for (var k = 0; k < count; k++)
                        {
                            _raw[from + k] += values[leaves[k]];
                        }
                    }
                }

                var w = _weight.Length == 0 ? ReadOnlySpan<double>.Empty : _weight.AsSpan(start, end - start);
                (sums[b], weights[b]) = loss.LossSum(_y.AsSpan(start, end - start), w, _raw.AsSpan(start, end - start));
            });
            return BoostingState.Mean(sums, weights);
        }
    }
}
