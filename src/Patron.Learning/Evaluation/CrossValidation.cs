using Patron.Learning.Data;

namespace Patron.Learning.Evaluation;

/// <summary>K-fold cross-validation of any learner: seeded (stratified for binary labels) folds, optional resampling of
/// each training fold only, metrics per fold, their mean, and pooled out-of-fold metrics.</summary>
public static class CrossValidation
{
    /// <summary>Runs the cross-validation.</summary>
    public static CrossValidationResult Run(ILearner<IPredictor> learner, FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight, CrossValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(x);
        options ??= new CrossValidationOptions();
        options.Validate();
        if (y.Length != x.RowCount)
        {
            throw new ArgumentException($"The matrix has {x.RowCount} rows but {y.Length} labels were given.", nameof(y));
        }

        var run = new CrossValidationRun(learner, x, y, sampleWeight, options);
        for (var f = 0; f < run.FoldCount; f++)
        {
            run.FitFold(f);
        }

        return run.Result();
    }

    /// <summary>The metrics of <paramref name="prediction"/> for the given task.</summary>
    public static MetricSet Evaluate(TaskKind task, ReadOnlySpan<double> y, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight, double threshold = 0.5) =>
        task == TaskKind.Binary
            ? MetricSet.ForBinary(y, prediction, threshold, weight)
            : MetricSet.ForRegression(y, prediction, weight);
}
