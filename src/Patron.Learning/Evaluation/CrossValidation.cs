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

    /// <summary>The rows outside (train) and inside (test) fold <paramref name="f"/> of a fold assignment, in row order.</summary>
    public static (int[] Train, int[] Test) FoldRows(int[] fold, int f)
    {
        ArgumentNullException.ThrowIfNull(fold);
        var inside = 0;
        foreach (var v in fold)
        {
            inside += v == f ? 1 : 0;
        }

        var train = new int[fold.Length - inside];
        var test = new int[inside];
        for (int i = 0, a = 0, b = 0; i < fold.Length; i++)
        {
            if (fold[i] == f)
            {
                test[b++] = i;
            }
            else
            {
                train[a++] = i;
            }
        }

        return (train, test);
    }
}
