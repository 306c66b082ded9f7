using Patron.Learning.Data;
using Patron.Learning.Evaluation;

namespace Patron.Learning.Explain;

/// <summary>Model-agnostic permutation importance (Breiman 2001; Fisher, Rudin &amp; Dominici 2019): the drop of a metric
/// when one feature's column is shuffled, averaged over seeded repeats.</summary>
public static class PermutationImportance
{
    /// <summary>Importance per feature: (baseline − permuted) for metrics where higher is better, (permuted − baseline)
    /// otherwise, so a larger value always means a more important feature.</summary>
    /// <param name="model">Any trained model.</param>
    /// <param name="x">Evaluation rows (ideally held out).</param>
    /// <param name="y">Labels.</param>
    /// <param name="metric">A <see cref="MetricSet"/> key such as "roc_auc" or "rmse".</param>
    /// <param name="repeats">Shuffles per feature.</param>
    /// <param name="seed">Seed of the shuffles.</param>
    public static PermutationResult Compute(IPredictor model, FeatureMatrix x, ReadOnlySpan<double> y, string metric, int repeats = 5, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var higherIsBetter = MetricSet.HigherIsBetter(metric);
        var labels = y.ToArray();
        var prediction = new double[x.RowCount];
        var baseline = Score(model, x, labels, prediction, metric);
        var mean = new double[x.ColumnCount];
        var std = new double[x.ColumnCount];
        for (var j = 0; j < x.ColumnCount; j++)
        {
            // One stream per feature so adding a feature does not change the others' shuffles.
            var random = new Random(unchecked((int)(seed * 7919) + j));
            var drops = new double[repeats];
            for (var r = 0; r < repeats; r++)
            {
                var column = x.Column(j).ToArray();
                random.Shuffle(column);
                var permuted = Score(model, x.WithColumn(j, column), labels, prediction, metric);
                drops[r] = higherIsBetter ? baseline - permuted : permuted - baseline;
            }

            var m = 0.0;
            foreach (var d in drops)
            {
                m += d;
            }

            m /= repeats;
            var v = 0.0;
            foreach (var d in drops)
            {
                v += (d - m) * (d - m);
            }

            mean[j] = m;
            std[j] = Math.Sqrt(v / repeats);
        }

        return new PermutationResult(metric, baseline, mean, std);
    }

    private static double Score(IPredictor model, FeatureMatrix x, double[] y, double[] prediction, string metric)
    {
        model.Predict(x, prediction);
        var metrics = CrossValidation.Evaluate(model.Task, y, prediction, default);
        return metrics.Get(metric) ?? throw new ArgumentException($"Metric '{metric}' is not available for a {model.Task} model.", nameof(metric));
    }
}
