using System.Globalization;
using System.Text;
using Patron.Learning;
using Patron.Learning.Evaluation;
using Patron.Learning.Serialization;

namespace Patron.Pipeline.Runs;

/// <summary>Logs an evaluation into a run: its metrics and its curves (ROC, precision-recall, gains by decile,
/// calibration) as CSV artifacts under artifacts/&lt;prefix&gt;/.</summary>
public static class RunArtifacts
{
    /// <summary>Logs metrics (keys prefixed "<paramref name="prefix"/>_") and curves of one evaluation.</summary>
    public static void LogEvaluation(RunWriter run, string prefix, TaskKind task, ReadOnlySpan<double> label, ReadOnlySpan<double> prediction, MetricSet metrics)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metrics);
        run.LogMetrics(metrics, prefix + "_");
        IReadOnlyList<DecileRow> deciles;
        if (task == TaskKind.Binary)
        {
            if (metrics.RocAuc is not null)
            {
                run.LogCurve($"{prefix}/roc.csv", BinaryMetrics.RocCurve(label, prediction), "fpr", "tpr");
                run.LogCurve($"{prefix}/pr.csv", BinaryMetrics.PrecisionRecallCurve(label, prediction), "recall", "precision");
            }

            var calibration = new StringBuilder("lower,upper,count,mean_predicted,fraction_positive\n");
            foreach (var b in BinaryMetrics.CalibrationCurve(label, prediction))
            {
                calibration.Append(string.Create(CultureInfo.InvariantCulture, $"{b.Lower:R},{b.Upper:R},{b.Count},{b.MeanPredicted:R},{b.FractionPositive:R}\n"));
            }

            run.LogText($"{prefix}/calibration.csv", calibration.ToString());
            deciles = BinaryMetrics.Deciles(label, prediction);
        }
        else
        {
            deciles = RegressionMetrics.Deciles(label, prediction);
        }

        var gains = new StringBuilder("decile,rows,mean_score,positives,rate,lift,cumulative_gain\n");
        foreach (var d in deciles)
        {
            gains.Append(string.Create(CultureInfo.InvariantCulture, $"{d.Decile},{d.Rows},{d.MeanScore:R},{d.Positives:R},{d.Rate:R},{d.Lift:R},{d.CumulativeGain:R}\n"));
        }

        run.LogText($"{prefix}/gains.csv", gains.ToString());
        run.LogText($"{prefix}/metrics.json", metrics.ToJson() + "\n");
    }

    /// <summary>Saves the model file as artifacts/model/model.json.</summary>
    public static string LogModel(RunWriter run, IPredictor model)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.LogArtifact("model/model.json", ModelSerializer.ToBytes(model));
    }
}
