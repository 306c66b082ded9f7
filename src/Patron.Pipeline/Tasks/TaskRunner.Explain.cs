using Patron.Learning;
using Patron.Learning.Explain;
using Patron.Pipeline.Data;

namespace Patron.Pipeline.Tasks;

internal static partial class TaskRunner
{
    /// <summary>Attaches the model that explains the task: the chosen one when it can, else the best explainable
    /// candidate refitted, so every customer still gets reasons in words.</summary>
    private static TaskOutcome WithExplainer(TaskOutcome outcome, List<CandidateResult> results, CutoffData train, double[] trainY, FitRows fit, CutoffData score, IProgress<string>? progress)
    {
        IExplainable? explainer = outcome.Model as IExplainable;
        var candidate = outcome.Chosen.Candidate;
        if (explainer is null)
        {
            var spec = outcome.Spec;
            CandidateResult? best = null;
            foreach (var result in results)
            {
                if (result.Candidate.Learner is not null
                    && (best is null || (result.OutOfTime.Get(spec.PrimaryMetric) ?? double.NegativeInfinity) > (best.OutOfTime.Get(spec.PrimaryMetric) ?? double.NegativeInfinity)))
                {
                    best = result;
                }
            }

            if (best is null)
            {
                return outcome;
            }

            progress?.Report($"{spec.Name}: refitting {best.Candidate.Name} to explain the scores");
            candidate = best.Candidate;
            var (x, y) = fit.Select(candidate.MatrixOf(train)!, trainY, fit.Train);
            explainer = candidate.Learner!.Fit(x, y, []) as IExplainable;
            if (explainer is null)
            {
                return outcome;
            }
        }

        var trainMatrix = candidate.MatrixOf(train)!;
        var rows = new int[Math.Min(DriverSampleRows, trainMatrix.RowCount)];
        for (var i = 0; i < rows.Length; i++)
        {
            // An even spread over the id-ordered rows: deterministic and without a random step.
            rows[i] = (int)((long)i * trainMatrix.RowCount / rows.Length);
        }

        var importance = TreeShapImportance.MeanAbsolute(explainer, trainMatrix.SelectRows(rows));
        var total = 0.0;
        foreach (var v in importance)
        {
            total += v;
        }

        var drivers = new List<KeyValuePair<string, double>>(importance.Length);
        for (var j = 0; j < importance.Length; j++)
        {
            drivers.Add(new(trainMatrix.Schema[j].Name, total > 0 ? importance[j] / total : 0));
        }

        drivers.Sort((a, b) => b.Value.CompareTo(a.Value));
        return outcome with { Explainer = explainer, ExplainerMatrix = candidate.MatrixOf(score), GlobalDrivers = drivers };
    }
}
