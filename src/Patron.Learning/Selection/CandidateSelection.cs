using System.Globalization;
using Patron.Learning.Boosting;
using Patron.Learning.Evaluation;

namespace Patron.Learning.Selection;

/// <summary>The one candidate-evaluation engine: every candidate is measured out of time (fit on the earlier rows,
/// measured on the later ones) and by k-fold cross-validation, the choice rule picks the best model against the
/// baseline, and the chosen candidate is refitted and scores the rows to score.</summary>
/// <remarks>
/// <para>Choice rule: the metric is the problem's primary metric, judged out of time when the problem has an
/// out-of-time split, else by the cross-validation mean. Among the candidates that are not the baseline, the best value
/// wins; a tie goes to the earlier candidate in the given order, and a candidate without a value never wins. The
/// winner must then be strictly better than the baseline: if it is not, or no model could be measured, the baseline is
/// what the run uses ("baseline kept").</para>
/// <para>Candidates are evaluated one after the other in the given order; every random step (folds, early-stopping
/// slice, learners) takes a seed, so the same inputs give the same results.</para>
/// </remarks>
public static partial class CandidateSelection
{
    /// <summary>Evaluates every candidate, chooses, refits the chosen one and scores.</summary>
    public static SelectionOutcome Run(SelectionProblem problem, IReadOnlyList<ModelCandidate> candidates, SelectionOptions options, IProgress<string>? progress = null)
    {
        var results = Evaluate(problem, candidates, options, progress);
        if (options.BlendWithBaseline && Blend(problem, results, options) is { } blend)
        {
            Report(progress, problem, $"{blend.Candidate.Name} out of time and by cross-validation");
            results = [.. results, blend];
        }

        var choice = Choose(problem, results);
        var chosen = choice.Chosen.Candidate;
        var rows = problem.Views[chosen.View]?.Score?.RowCount;
        Report(progress, problem, rows is { } n
            ? string.Create(CultureInfo.InvariantCulture, $"refitting {chosen.Name} and scoring {n:N0} rows")
            : $"refitting {chosen.Name}");
        var (model, scores) = Refit(problem, chosen, options);
        return new SelectionOutcome(results, choice, model, scores);
    }

    /// <summary>Measures every candidate in order, out of time and by cross-validation, as the problem allows.</summary>
    public static IReadOnlyList<CandidateResult> Evaluate(SelectionProblem problem, IReadOnlyList<ModelCandidate> candidates, SelectionOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<CandidateResult>(candidates.Count);
        foreach (var original in candidates)
        {
            var candidate = original;
            MetricSet? outOfTime = null;
            double[]? predictions = null;
            if (problem.HasOutOfTime)
            {
                Report(progress, problem, $"{candidate.Name} out of time");
                (candidate, outOfTime, predictions) = OutOfTime(problem, candidate, options);
            }

            MetricSet? crossValidation = null;
            CrossValidationResult? folds = null;
            if (options.Folds >= 2 && problem.CrossValidationLabels is not null)
            {
                Report(progress, problem, candidate.Learner is GradientBoostingLearner boosting && problem.HasOutOfTime && options.ValidationSlices > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{candidate.Name} {options.Folds}-fold cross-validation ({boosting.Options.Rounds} rounds)")
                    : string.Create(CultureInfo.InvariantCulture, $"{candidate.Name} {options.Folds}-fold cross-validation"));
                (crossValidation, folds) = CrossValidate(problem, candidate, options);
            }

            results.Add(new CandidateResult(candidate, RankOnly(problem, candidate, outOfTime), RankOnly(problem, candidate, crossValidation), predictions, folds));
        }

        return results;
    }

    /// <summary>The choice rule (see the type's remarks).</summary>
    public static ModelChoice Choose(SelectionProblem problem, IReadOnlyList<CandidateResult> results)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfZero(results.Count);
        var metric = problem.PrimaryMetric;
        var higher = MetricSet.HigherIsBetter(metric);
        var outOfTime = problem.HasOutOfTime;
        CandidateResult? baseline = null, best = null;
        double? bestValue = null;
        foreach (var result in results)
        {
            if (result.Candidate.Role == CandidateRole.Baseline)
            {
                baseline ??= result;
                continue;
            }

            if (result.Judged(metric, outOfTime) is { } v && (bestValue is not { } b || (higher ? v > b : v < b)))
            {
                best = result;
                bestValue = v;
            }
        }

        var how = outOfTime ? "out of time" : "by cross-validation";
        if (baseline is null)
        {
            // Nothing to beat: the best model, or the first candidate when none could be measured.
            var pick = best ?? results[0];
            return new ModelChoice(pick, null, best, false, best is null
                ? $"{pick.Candidate.Name}: the only candidate, not measured"
                : string.Create(CultureInfo.InvariantCulture, $"{pick.Candidate.Name} has the best {metric} {how} ({bestValue:0.####})"));
        }

        var baselineValue = baseline.Judged(metric, outOfTime);
        if (best is null)
        {
            return new ModelChoice(baseline, baseline, null, true, $"baseline kept: no model could be measured {how}");
        }

        if (baselineValue is { } bv && !(higher ? bestValue > bv : bestValue < bv))
        {
            return new ModelChoice(baseline, baseline, best, true, string.Create(CultureInfo.InvariantCulture,
                $"baseline kept: the best model, {best.Candidate.Name}, reaches {metric} {bestValue:0.####} {how}, not better than {baseline.Candidate.Name}'s {bv:0.####}"));
        }

        return new ModelChoice(best, baseline, best, false, baselineValue is { } beaten
            ? string.Create(CultureInfo.InvariantCulture, $"{best.Candidate.Name} beats {baseline.Candidate.Name} {how}: {metric} {bestValue:0.####} against {beaten:0.####}")
            : string.Create(CultureInfo.InvariantCulture, $"{best.Candidate.Name} has the best {metric} {how} ({bestValue:0.####}); {baseline.Candidate.Name} could not be measured"));
    }

    /// <summary>The best learner by the choice's metric (ties to the earlier), for a task whose chosen candidate
    /// cannot explain itself; null when no learner was measured.</summary>
    public static CandidateResult? BestLearner(SelectionProblem problem, IReadOnlyList<CandidateResult> results)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(results);
        var higher = MetricSet.HigherIsBetter(problem.PrimaryMetric);
        CandidateResult? best = null;
        double? bestValue = null;
        foreach (var result in results)
        {
            if (result.Candidate.Learner is null)
            {
                continue;
            }

            var judged = result.Judged(problem.PrimaryMetric, problem.HasOutOfTime);
            if (best is null || (judged is { } v && (bestValue is not { } b || (higher ? v > b : v < b))))
            {
                best = result;
                bestValue = judged;
            }
        }

        return best;
    }

    /// <summary>A rank score is not a probability: a binary baseline's (or blend's) log loss, Brier score and 0.5-threshold metrics
    /// would mislead, so only its ranking metrics are kept.</summary>
    private static MetricSet? RankOnly(SelectionProblem problem, ModelCandidate candidate, MetricSet? metrics) =>
        metrics is not null && candidate.Role is CandidateRole.Baseline or CandidateRole.Blend && problem.Kind == TaskKind.Binary
            ? metrics with { LogLoss = null, Brier = null, Precision = null, Recall = null, F1 = null, Threshold = null }
            : metrics;

    private static EvaluationView ViewOf(SelectionProblem problem, ModelCandidate candidate) =>
        problem.Views[candidate.View] ?? throw new InvalidOperationException($"Candidate '{candidate.Name}' reads view {candidate.View}, which the problem does not provide.");

    private static void Report(IProgress<string>? progress, SelectionProblem problem, string message) =>
        progress?.Report(problem.Name.Length == 0 ? message : problem.Name + ": " + message);
}
