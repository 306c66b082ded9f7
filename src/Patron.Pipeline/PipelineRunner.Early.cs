using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Early;
using Patron.Features.Frames;
using Patron.Learning.Evaluation;
using Patron.Pipeline.Data;
using Patron.Pipeline.Tasks;

namespace Patron.Pipeline;

public sealed partial class PipelineRunner
{
    /// <summary>Fewest new customers (first purchase in the 30 days before a cutoff) the earlier and the training cutoff
    /// of the early-high-value task must each hold for it to be trained and judged out of time.</summary>
    private const int MinimumNewCustomers = 50;

    private bool WantsEarly => _options.Tasks.Contains(TaskSpec.EarlyName, StringComparer.Ordinal);

    /// <summary>The early task's three cutoffs: E = S − 2h, T = S − h and S, h the early horizon.</summary>
    private DateOnly[] EarlyCutoffs(DateOnly scoring)
    {
        var h = _options.EffectiveEarlyHorizon;
        return [scoring.AddDays(-2 * h), scoring.AddDays(-h), scoring];
    }

    /// <summary>What the early task adds to the features stage's plan (and so to its cache key).</summary>
    private string EarlyPlan(RunState state) => WantsEarly && state.HasPurchases
        ? string.Create(CultureInfo.InvariantCulture, $";early/{_options.EffectiveEarlyHorizon}")
        : "";

    /// <summary>Whether the early tables exist when the early task is asked for (a warehouse whose gold was dropped
    /// must be rebuilt even when nothing else changed).</summary>
    private bool EarlyGoldPresent(DuckDbConnection connection, RunState state) =>
        !WantsEarly || !state.HasPurchases
        || EarlyFeatureBuilder.HasTables(connection);

    /// <summary>The early cohort's features and labels at the task's three cutoffs (features stage).</summary>
    private void BuildEarly(DuckDbConnection connection, RunState state, List<string> details, IProgress<string> progress)
    {
        if (!WantsEarly)
        {
            return;
        }

        var h = _options.EffectiveEarlyHorizon;
        var counts = new List<string>();
        foreach (var cutoff in EarlyCutoffs(state.ScoringCutoff))
        {
            var result = EarlyFeatureBuilder.Build(connection, cutoff, h, progress);
            counts.Add(string.Create(CultureInfo.InvariantCulture, $"{result.Customers:N0} at {cutoff:yyyy-MM-dd}"));
        }

        details.Add("new customers (first purchase in the last 30 days): " + string.Join(", ", counts));
    }

    /// <summary>Trains, judges out of time and scores the early task, or records why it cannot (models stage).</summary>
    private TaskOutcome? RunEarlyTask(DuckDbConnection connection, RunState state, IProgress<string> progress)
    {
        var spec = TaskSpec.Get(TaskSpec.EarlyName);
        var h = _options.EffectiveEarlyHorizon;
        var cutoffs = EarlyCutoffs(state.ScoringCutoff);
        var skip = TooFewNewCustomers(connection, cutoffs, h)
            ?? (EarlyFeatureBuilder.CountAt(connection, cutoffs[2]) == 0
                ? string.Create(CultureInfo.InvariantCulture, $"no customer made a first purchase in the 30 days before the scoring cutoff {cutoffs[2]:yyyy-MM-dd}, so there is no one to score")
                : null);
        CutoffData? early = null, train = null, score = null;
        if (skip is null)
        {
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"{spec.Name}: loading the new customers at three cutoffs ({h}-day labels)"));
            train = CutoffData.Reference(CustomerFrame.LoadEarly(connection, cutoffs[1], h), null);
            early = CutoffData.Like(train, CustomerFrame.LoadEarly(connection, cutoffs[0], h), null);
            score = CutoffData.Like(train, CustomerFrame.LoadEarly(connection, cutoffs[2], h), null);
            skip = TaskData.CannotLearn(spec, early.Frame.Labels[spec.Label], train.Frame.Labels[spec.Label], _options.Folds);
        }

        if (skip is not null)
        {
            state.SkippedTasks[spec.Name] = skip;
            progress.Report($"{spec.Name} skipped: {skip}");
            return null;
        }

        var outcome = TaskRunner.Run(spec, early!, train!, score!, h, _options, progress);
        return outcome with { HorizonDays = h, SecondLabel = TopQuarter(outcome, train!.Frame.Labels["early_top25"]) };
    }

    /// <summary>The chosen model and the baseline judged out of time on the top-25 % label: the same ranking, a wider target.</summary>
    private static (string, double, double, double) TopQuarter(TaskOutcome outcome, double[] labels)
    {
        double positives = 0;
        foreach (var y in labels)
        {
            positives += y;
        }

        var both = positives > 0 && positives < labels.Length;
        double Auc(double[]? scores) => both && scores is not null ? BinaryMetrics.RocAuc(labels, scores) : double.NaN;
        return ("early_top25", labels.Length == 0 ? double.NaN : positives / labels.Length, Auc(outcome.Chosen.OutOfTimePredictions), Auc(outcome.Baseline.OutOfTimePredictions));
    }

    private static string? TooFewNewCustomers(DuckDbConnection connection, DateOnly[] cutoffs, int h)
    {
        var atEarly = EarlyFeatureBuilder.CountAt(connection, cutoffs[0]);
        var atTrain = EarlyFeatureBuilder.CountAt(connection, cutoffs[1]);
        return atEarly >= MinimumNewCustomers && atTrain >= MinimumNewCustomers
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"too few new customers: {atEarly:N0} made their first purchase in the 30 days before {cutoffs[0]:yyyy-MM-dd} and {atTrain:N0} in the 30 days before {cutoffs[1]:yyyy-MM-dd}; judging the task out of time needs at least {MinimumNewCustomers} at each of these cutoffs ({h}-day labels, so {2 * h + 30} days of history before the scoring cutoff {cutoffs[2]:yyyy-MM-dd}); give a shorter --horizon, or more history");
    }

    /// <summary>The early task's scores placed on the rows of the scoring frame: NaN for a customer outside the cohort.</summary>
    private static double[] EarlyScores(string[] ids, TaskOutcome early)
    {
        var cohort = early.ScoringData!.Frame.Ids;
        var scores = early.Scores;
        var placed = new double[ids.Length];
        Array.Fill(placed, double.NaN);
        // Both id lists are in ascending ordinal order: one merge pass.
        for (int i = 0, j = 0; i < ids.Length && j < cohort.Length;)
        {
            var c = string.CompareOrdinal(ids[i], cohort[j]);
            if (c == 0)
            {
                placed[i++] = scores[j++];
            }
            else if (c < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return placed;
    }
}
