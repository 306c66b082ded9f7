using System.Globalization;

namespace Patron.Pipeline.Drift;

/// <summary>Whether the models should be retrained, and why: the population drifted between the training and scoring
/// cutoffs, a model's score distribution drifted, or a task's out-of-time metric fell from the previous scoring cutoff
/// to this one by at least <see cref="MetricDrop"/>.</summary>
public sealed record RetrainAdvice(bool Recommended, IReadOnlyList<string> Reasons)
{
    /// <summary>An out-of-time primary metric lower by this much (absolute) than at the previous scoring cutoff calls
    /// for retraining: 0.05 is a large move for AUC-like metrics, whose run-to-run noise on these populations is
    /// about 0.002 (docs/pipeline.md).</summary>
    public const double MetricDrop = 0.05;

    /// <summary>Collects the reasons.</summary>
    /// <param name="drift">Drift between the training and scoring cutoffs (null when not computed).</param>
    /// <param name="history">Per task, its primary metric by scoring cutoff, this run's cutoff included.</param>
    public static RetrainAdvice From(DriftResult? drift, IReadOnlyDictionary<string, List<MetricPoint>> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var reasons = new List<string>();
        if (drift is not null)
        {
            var d = drift.Dataset;
            if (d.Drifted)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"the customer population drifted from {drift.ReferenceCutoff:yyyy-MM-dd} to {drift.CurrentCutoff:yyyy-MM-dd}: {d.DriftedColumns} of {d.JudgedColumns} columns ({d.DriftedShare:P0}, threshold {d.ShareThreshold:P0})"));
            }

            foreach (var score in d.Scores)
            {
                if (score.Drifted)
                {
                    reasons.Add(string.Create(CultureInfo.InvariantCulture,
                        $"the {score.Name} model's scores drifted ({score.Method} {score.Statistic:G3} against {score.Threshold:G3})"));
                }
            }
        }

        foreach (var (task, points) in history)
        {
            if (points.Count >= 2)
            {
                var (previous, last) = (points[^2], points[^1]);
                if (previous.Value - last.Value >= MetricDrop)
                {
                    reasons.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{task} {last.Metric} fell from {previous.Value:0.000} (scored {previous.ScoringCutoff:yyyy-MM-dd}) to {last.Value:0.000} (scored {last.ScoringCutoff:yyyy-MM-dd})"));
                }
            }
        }

        return new RetrainAdvice(reasons.Count > 0, reasons);
    }
}
