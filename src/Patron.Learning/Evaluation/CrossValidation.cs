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

        var fold = FoldAssignment.Assign(y, options.Folds, options.Seed);
        var outOfFold = new double[x.RowCount];
        var metrics = new MetricSet[options.Folds];
        var task = TaskKind.Binary;
        for (var f = 0; f < options.Folds; f++)
        {
            var (trainRows, testRows) = Split(fold, f);
            var trainX = x.SelectRows(trainRows);
            var trainY = Pick(y, trainRows);
            var trainW = sampleWeight.IsEmpty ? [] : Pick(sampleWeight, trainRows);
            if (options.Resampler is not null)
            {
                var resampled = options.Resampler.Resample(trainX, trainY, trainW, options.Seed + f);
                (trainX, trainY, trainW) = (resampled.X, resampled.Y, resampled.Weight);
            }

            var model = learner.Fit(trainX, trainY, trainW);
            task = model.Task;
            var testX = x.SelectRows(testRows);
            var prediction = new double[testRows.Length];
            model.Predict(testX, prediction);
            for (var k = 0; k < testRows.Length; k++)
            {
                outOfFold[testRows[k]] = prediction[k];
            }

            var testY = Pick(y, testRows);
            var testW = sampleWeight.IsEmpty ? [] : Pick(sampleWeight, testRows);
            metrics[f] = Evaluate(task, testY, prediction, testW, options.Threshold);
        }

        var pooled = Evaluate(task, y, outOfFold, sampleWeight, options.Threshold);
        return new CrossValidationResult(task, metrics, MetricSet.Mean(metrics), outOfFold, pooled, fold);
    }

    /// <summary>The metrics of <paramref name="prediction"/> for the given task.</summary>
    public static MetricSet Evaluate(TaskKind task, ReadOnlySpan<double> y, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight, double threshold = 0.5) =>
        task == TaskKind.Binary
            ? MetricSet.ForBinary(y, prediction, threshold, weight)
            : MetricSet.ForRegression(y, prediction, weight);

    private static (int[] Train, int[] Test) Split(int[] fold, int f)
    {
        var testCount = 0;
        foreach (var v in fold)
        {
            testCount += v == f ? 1 : 0;
        }

        var train = new int[fold.Length - testCount];
        var test = new int[testCount];
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

    private static double[] Pick(ReadOnlySpan<double> values, int[] rows)
    {
        var result = new double[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            result[k] = values[rows[k]];
        }

        return result;
    }
}
