using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning.Evaluation;

/// <summary>One k-fold cross-validation taken fold by fold: each fold is fitted by <see cref="FitFold"/>, in any order
/// and on any thread (distinct folds touch distinct rows of the shared arrays), and <see cref="Result"/> gathers them.
/// The folds, their rows and their seeds do not depend on the order, so the result is the same however the folds
/// were scheduled.</summary>
public sealed class CrossValidationRun
{
    private readonly ILearner<IPredictor> _learner;
    private readonly FeatureMatrix _x;
    private readonly double[] _y;
    private readonly double[] _weight;
    private readonly CrossValidationOptions _options;
    private readonly int[] _fold;
    private readonly double[] _outOfFold;
    private readonly MetricSet?[] _metrics;
    private readonly TaskKind?[] _task;
    private readonly SharedBins? _bins;

    /// <summary>Assigns the folds (seeded, stratified for binary labels); nothing is fitted yet.</summary>
    public CrossValidationRun(ILearner<IPredictor> learner, FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight, CrossValidationOptions? options = null)
        : this(learner, x, y, sampleWeight, options, new SharedBins())
    {
    }

    /// <summary>As the public constructor, sharing <paramref name="bins"/> with other fits of the same matrix. Either way
    /// the folds of a learner that can (<see cref="IRowLearner"/>) read their rows of <paramref name="x"/> in place and
    /// bin it once for all folds.</summary>
    internal CrossValidationRun(ILearner<IPredictor> learner, FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight, CrossValidationOptions? options, SharedBins? bins)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(x);
        _options = options ?? new CrossValidationOptions();
        _options.Validate();
        if (y.Length != x.RowCount)
        {
            throw new ArgumentException($"The matrix has {x.RowCount} rows but {y.Length} labels were given.", nameof(y));
        }

        _learner = learner;
        _x = x;
        _y = y.ToArray();
        _weight = sampleWeight.ToArray();
        _fold = FoldAssignment.Assign(y, _options.Folds, _options.Seed);
        _outOfFold = new double[x.RowCount];
        _metrics = new MetricSet?[_options.Folds];
        _task = new TaskKind?[_options.Folds];
        _bins = bins;
    }

    /// <summary>Number of folds.</summary>
    public int FoldCount => _options.Folds;

    /// <summary>Fits fold <paramref name="f"/> on the other folds' rows and predicts its own rows.</summary>
    public void FitFold(int f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(f);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(f, _options.Folds);
        var (trainRows, testRows) = CrossValidation.FoldRows(_fold, f);
        var trainY = RowSample.Pick(_y, trainRows);
        var trainW = _weight.Length == 0 ? [] : RowSample.Pick(_weight, trainRows);
        IPredictor model;
        if (_options.Resampler is null)
        {
            // The training part is read in place: no copy of two thirds of the matrix per fold.
            model = RowFits.Fit(_learner, _x, _bins, trainRows, trainY, trainW);
        }
        else
        {
            var resampled = _options.Resampler.Resample(_x.SelectRows(trainRows), trainY, trainW, _options.Seed + f);
            model = _learner.Fit(resampled.X, resampled.Y, resampled.Weight);
        }

        var prediction = new double[testRows.Length];
        model.Predict(_x.SelectRows(testRows), prediction);
        for (var k = 0; k < testRows.Length; k++)
        {
            _outOfFold[testRows[k]] = prediction[k];
        }

        var testW = _weight.Length == 0 ? [] : RowSample.Pick(_weight, testRows);
        _metrics[f] = CrossValidation.Evaluate(model.Task, RowSample.Pick(_y, testRows), prediction, testW, _options.Threshold);
        _task[f] = model.Task;
    }

    /// <summary>The folds' metrics, their mean and the pooled out-of-fold metrics; every fold must have been fitted.</summary>
    public CrossValidationResult Result()
    {
        var metrics = new MetricSet[_metrics.Length];
        for (var f = 0; f < metrics.Length; f++)
        {
            metrics[f] = _metrics[f] ?? throw new InvalidOperationException($"Fold {f} has not been fitted.");
        }

        var task = _task[^1]!.Value;
        var pooled = CrossValidation.Evaluate(task, _y, _outOfFold, _weight, _options.Threshold);
        return new CrossValidationResult(task, metrics, MetricSet.Mean(metrics), _outOfFold, pooled, _fold);
    }
}
