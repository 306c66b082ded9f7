using Patron.Learning;
using Patron.Learning.Evaluation;
using Patron.Pipeline.Tasks;

namespace Patron.Pipeline.Output;

/// <summary>What metrics.json draws for one task from its out-of-time test rows: the chosen candidate's and the
/// baseline's curves (thinned, <see cref="MetricsWriter.Thin"/>) and deciles, and the chosen one's calibration (binary
/// tasks); regression tasks have the deciles only.</summary>
internal sealed class TaskCurves
{
    public IReadOnlyList<CurvePoint>? Roc { get; private set; }

    public IReadOnlyList<CurvePoint>? Pr { get; private set; }

    public IReadOnlyList<DecileRow> Deciles { get; private set; } = [];

    public IReadOnlyList<CalibrationBin>? Calibration { get; private set; }

    public IReadOnlyList<CurvePoint>? BaselineRoc { get; private set; }

    public IReadOnlyList<CurvePoint>? BaselinePr { get; private set; }

    public IReadOnlyList<DecileRow> BaselineDeciles { get; private set; } = [];

    /// <summary>The curves of every task, each score's curves from one sort of the task's test rows, side by
    /// side on every core. Each is a function of the labels and predictions alone, so the threads change no number.</summary>
    public static Dictionary<TaskOutcome, TaskCurves> For(IReadOnlyList<TaskOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var result = new Dictionary<TaskOutcome, TaskCurves>(ReferenceEqualityComparer.Instance);
        var work = new List<Action>();
        foreach (var outcome in outcomes)
        {
            var curves = new TaskCurves();
            result[outcome] = curves;
            var y = outcome.OutOfTimeLabels;
            var chosen = outcome.Chosen.OutOfTimePredictions!;
            var baseline = outcome.Baseline.OutOfTimePredictions!;
            if (outcome.Spec.Kind == TaskKind.Binary)
            {
                // A score's ROC, precision-recall and decile rows come from one ranking of its test rows (one sort, not three).
                work.Add(() =>
                {
                    var (roc, pr, deciles) = BinaryMetrics.Curves(y, chosen);
                    (curves.Roc, curves.Pr, curves.Deciles) = (MetricsWriter.Thin(roc), MetricsWriter.Thin(pr), deciles);
                });
                work.Add(() => curves.Calibration = BinaryMetrics.CalibrationCurve(y, chosen));
                work.Add(() =>
                {
                    var (roc, pr, deciles) = BinaryMetrics.Curves(y, baseline);
                    (curves.BaselineRoc, curves.BaselinePr, curves.BaselineDeciles) = (MetricsWriter.Thin(roc), MetricsWriter.Thin(pr), deciles);
                });
            }
            else
            {
                work.Add(() => curves.Deciles = RegressionMetrics.Deciles(y, chosen));
                work.Add(() => curves.BaselineDeciles = RegressionMetrics.Deciles(y, baseline));
            }
        }

        // One curve per core at a time: each holds a sorted copy of its task's test rows only while it is computed.
        Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => work[i]());
        return result;
    }
}
