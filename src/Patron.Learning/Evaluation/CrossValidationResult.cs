namespace Patron.Learning.Evaluation;

/// <summary>The outcome of a cross-validation.</summary>
/// <param name="Task">Binary or regression, as reported by the trained models.</param>
/// <param name="Folds">Metrics on each held-out fold.</param>
/// <param name="Mean">The mean of each metric over folds.</param>
/// <param name="OutOfFold">Each row's prediction by the model that did not see it.</param>
/// <param name="Pooled">Metrics of the out-of-fold predictions taken together.</param>
/// <param name="FoldOf">The fold each row was held out in.</param>
public sealed record CrossValidationResult(TaskKind Task, IReadOnlyList<MetricSet> Folds, MetricSet Mean, double[] OutOfFold, MetricSet Pooled, int[] FoldOf)
{
    /// <summary>The fold metrics and their mean recomputed from the out-of-fold predictions at another decision
    /// threshold (for example one chosen by <see cref="Thresholds.MaxF1"/> on <see cref="OutOfFold"/>).</summary>
    public CrossValidationResult AtThreshold(double threshold, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight)
    {
        var folds = new MetricSet[Folds.Count];
        for (var f = 0; f < folds.Length; f++)
        {
            var count = 0;
            foreach (var v in FoldOf)
            {
                count += v == f ? 1 : 0;
            }

            var label = new double[count];
            var prediction = new double[count];
            var weight = sampleWeight.IsEmpty ? [] : new double[count];
            for (int i = 0, k = 0; i < FoldOf.Length; i++)
            {
                if (FoldOf[i] == f)
                {
                    label[k] = y[i];
                    prediction[k] = OutOfFold[i];
                    if (!sampleWeight.IsEmpty)
                    {
                        weight[k] = sampleWeight[i];
                    }

                    k++;
                }
            }

            folds[f] = CrossValidation.Evaluate(Task, label, prediction, weight, threshold);
        }

        return this with
        {
            Folds = folds,
            Mean = MetricSet.Mean(folds),
            Pooled = CrossValidation.Evaluate(Task, y, OutOfFold, sampleWeight, threshold),
        };
    }
}
