using Patron.Learning.Data;

namespace Patron.Learning.Evaluation;

/// <summary>Out-of-time evaluation: train on features and labels built at one cutoff, score the matrix built at a later
/// cutoff and measure against the labels observed after it. The two matrices must share a schema.</summary>
public static class OutOfTimeEvaluation
{
    /// <summary>Trains on the earlier period and returns the model and its metrics on the later one.</summary>
    public static (IPredictor Model, MetricSet Metrics, double[] Predictions) Run(
        ILearner<IPredictor> learner,
        FeatureMatrix trainX,
        ReadOnlySpan<double> trainY,
        ReadOnlySpan<double> trainWeight,
        FeatureMatrix laterX,
        ReadOnlySpan<double> laterY,
        double threshold = 0.5,
        IResampler? resampler = null,
        long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(trainX);
        ArgumentNullException.ThrowIfNull(laterX);
        trainX.Schema.EnsureCompatible(laterX.Schema);
        if (laterY.Length != laterX.RowCount)
        {
            throw new ArgumentException($"The later matrix has {laterX.RowCount} rows but {laterY.Length} labels were given.", nameof(laterY));
        }

        IPredictor model;
        if (resampler is null)
        {
            model = learner.Fit(trainX, trainY, trainWeight);
        }
        else
        {
            var resampled = resampler.Resample(trainX, trainY, trainWeight, seed);
            model = learner.Fit(resampled.X, resampled.Y, resampled.Weight);
        }

        var prediction = new double[laterX.RowCount];
        model.Predict(laterX, prediction);
        return (model, CrossValidation.Evaluate(model.Task, laterY, prediction, default, threshold), prediction);
    }
}
