using Patron.Learning;
using Patron.Learning.Data;
using Patron.Learning.Explain;
using Patron.Learning.Selection;

namespace Patron.Pipeline.Tasks;

internal static partial class TaskRunner
{
    /// <summary>Attaches the model that explains the task: the chosen one when it can, else the best learner
    /// refitted, so every customer still gets reasons in words (also when the baseline is kept).</summary>
    private static TaskOutcome WithExplainer(TaskOutcome outcome, SelectionProblem problem, IPredictor? bestLearner, SelectionOptions options, IProgress<string>? progress)
    {
        var explainer = outcome.Model as IExplainable;
        var candidate = outcome.Chosen.Candidate;
        if (explainer is null)
        {
            if (CandidateSelection.BestLearner(problem, outcome.Results) is not { } best)
            {
                return outcome;
            }

            candidate = best.Candidate;
            if (bestLearner is null)
            {
                progress?.Report($"{outcome.Spec.Name}: refitting {best.Candidate.Name} to explain the scores");
                bestLearner = CandidateSelection.Refit(problem, candidate, options).Model;
            }

            explainer = bestLearner as IExplainable;
            if (explainer is null)
            {
                return outcome;
            }
        }

        var view = problem.Views[candidate.View]!;
        return outcome with { Explainer = explainer, ExplainerMatrix = view.Score, GlobalDrivers = GlobalDrivers(explainer, view.OutOfTimeTest!) };
    }

    /// <summary>Mean |TreeSHAP| (or |contribution|) per feature over up to 2,000 rows spread evenly over the row order
    /// (deterministic, no random step), as shares of their sum, largest first.</summary>
    internal static List<KeyValuePair<string, double>> GlobalDrivers(IExplainable explainer, FeatureMatrix x)
    {
        var rows = new int[Math.Min(DriverSampleRows, x.RowCount)];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = (int)((long)i * x.RowCount / rows.Length);
        }

        var importance = TreeShapImportance.MeanAbsolute(explainer, x.SelectRows(rows));
        var total = 0.0;
        foreach (var v in importance)
        {
            total += v;
        }

        var drivers = new List<KeyValuePair<string, double>>(importance.Length);
        for (var j = 0; j < importance.Length; j++)
        {
            drivers.Add(new(x.Schema[j].Name, total > 0 ? importance[j] / total : 0));
        }

        drivers.Sort((a, b) => b.Value.CompareTo(a.Value));
        return drivers;
    }
}
