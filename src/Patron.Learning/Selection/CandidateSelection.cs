using System.Globalization;
using Patron.Learning.Boosting;
using Patron.Learning.Evaluation;
using Patron.Learning.Trees;

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
    /// <remarks>With <see cref="SelectionOptions.CrossValidateEvery"/> off and an out-of-time split (which alone
    /// decides the choice), only the chosen learner (or the learner of a chosen blend) is cross-validated, after the
    /// choice and beside its refit, and with <see cref="SelectionOptions.CrossValidateChosen"/> off not even that one
    /// (a chosen blend's learner aside); the other learners' cross-validation is left out (null). Every boosting fit
    /// of the selection reads the matrices in place and shares their bins (each matrix is binned once). Independent fits (the
    /// candidates' out-of-time fits, the folds, the refit) run side by side on up to
    /// <see cref="SelectionOptions.MaxDegreeOfParallelism"/> threads; every fit is seeded and its result does not depend
    /// on the threads, so the outcome is the same for any thread count.</remarks>
    public static SelectionOutcome Run(SelectionProblem problem, IReadOnlyList<ModelCandidate> candidates, SelectionOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        progress = Serialized(progress);
        var canFold = options.Folds >= 2 && problem.CrossValidationLabels is not null;
        var deferred = canFold && !options.CrossValidateEvery && problem.HasOutOfTime;

        // Every boosting fit of this selection (candidates, early stopping, folds, refits) bins each matrix once, and
        // so do other selections handed the same bins.
        var bins = options.Bins ?? new SharedBins();
        var results = EvaluateAll(problem, candidates, options, progress, crossValidateLearners: !deferred, bins);
        results = WithBlend(problem, results, options, progress);
        var choice = Choose(problem, results);

        // The learner still to cross-validate: the chosen one, or the one inside a chosen blend.
        var chosenIsBlend = choice.Chosen.Candidate.Role == CandidateRole.Blend;
        var pending = deferred && (options.CrossValidateChosen || chosenIsBlend) ? PendingLearner(choice.Chosen, results) : null;
        var explainer = options.RefitBestLearnerToExplain && choice.Chosen.Candidate.Learner is null && !chosenIsBlend
            ? BestLearner(problem, results) : null;
        CrossValidationRun? folds = null;
        if (pending is not null)
        {
            var learner = results[pending.Value].Candidate;
            Report(progress, problem, CrossValidationMessage(problem, learner, options) + " (the chosen model)");
            folds = Folds(problem, learner, options, bins);
        }

        IPredictor? model = null;
        double[] scores = [];
        IPredictor? explaining = null;
        var work = new List<Action>();
        if (folds is not null)
        {
            for (var f = 0; f < folds.FoldCount; f++)
            {
                var fold = f;
                work.Add(() => folds.FitFold(fold));
            }
        }

        // A chosen blend's calibration needs its learner's folds first; any other refit runs beside the folds.
        if (!(chosenIsBlend && folds is not null))
        {
            work.Add(() => (model, scores) = RefitReported(problem, choice.Chosen.Candidate, options, progress, bins));
        }

        if (explainer is not null)
        {
            work.Add(() => explaining = Refit(problem, explainer.Candidate, options, bins).Model);
        }

        Side(work, options.MaxDegreeOfParallelism);
        if (folds is not null)
        {
            var result = folds.Result();
            var index = pending!.Value;
            var learner = results[index];
            var updated = new List<CandidateResult>(results);
            updated[index] = learner with { CrossValidation = RankOnly(problem, learner.Candidate, result.Mean), Folds = result };
            if (chosenIsBlend)
            {
                // The blend is rebuilt from the learner's folds: the same out-of-time scores, now with its own folds.
                updated.RemoveAt(updated.Count - 1);
                updated.Add(Blend(problem, updated, options)!);
            }

            results = updated;
            choice = Choose(problem, results);
            if (chosenIsBlend)
            {
                (model, scores) = RefitReported(problem, choice.Chosen.Candidate, options, progress, bins);
            }
        }

        return new SelectionOutcome(results, choice, model, scores) { BestLearnerModel = explaining };
    }

    /// <summary>Measures every candidate in order, out of time and by cross-validation, as the problem allows.</summary>
    public static IReadOnlyList<CandidateResult> Evaluate(SelectionProblem problem, IReadOnlyList<ModelCandidate> candidates, SelectionOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);
        return EvaluateAll(problem, candidates, options, Serialized(progress), crossValidateLearners: true, options.Bins ?? new SharedBins());
    }

    /// <summary>Every candidate out of time (side by side), then the folds of every learner (side by side) when
    /// <paramref name="crossValidateLearners"/>; the scorers' folds cost no fit and are always measured.</summary>
    private static List<CandidateResult> EvaluateAll(SelectionProblem problem, IReadOnlyList<ModelCandidate> candidates, SelectionOptions options, IProgress<string>? progress, bool crossValidateLearners, SharedBins bins)
    {
        var count = candidates.Count;
        var evaluated = new ModelCandidate[count];
        var outOfTime = new MetricSet?[count];
        var predictions = new double[]?[count];
        for (var i = 0; i < count; i++)
        {
            evaluated[i] = candidates[i];
        }

        if (problem.HasOutOfTime)
        {
            var names = new string[count];
            for (var i = 0; i < count; i++)
            {
                names[i] = candidates[i].Name;
            }

            // The fits run side by side, so one line names them all.
            Report(progress, problem, string.Join(", ", names) + " out of time");
            Side(count, options.MaxDegreeOfParallelism, i => (evaluated[i], outOfTime[i], predictions[i]) = OutOfTime(problem, candidates[i], options, bins));
        }

        var crossValidation = new MetricSet?[count];
        var folds = new CrossValidationRun?[count];
        if (options.Folds >= 2 && problem.CrossValidationLabels is not null)
        {
            var work = new List<Action>();
            for (var i = 0; i < count; i++)
            {
                if (evaluated[i].Learner is null)
                {
                    (crossValidation[i], _) = CrossValidate(problem, evaluated[i], options, bins);
                }
                else if (crossValidateLearners)
                {
                    Report(progress, problem, CrossValidationMessage(problem, evaluated[i], options));
                    var run = folds[i] = Folds(problem, evaluated[i], options, bins);
                    for (var f = 0; f < run.FoldCount; f++)
                    {
                        var fold = f;
                        work.Add(() => run.FitFold(fold));
                    }
                }
            }

            Side(work, options.MaxDegreeOfParallelism);
        }

        var results = new List<CandidateResult>(count);
        for (var i = 0; i < count; i++)
        {
            var cv = folds[i]?.Result();
            results.Add(new CandidateResult(evaluated[i], RankOnly(problem, evaluated[i], outOfTime[i]),
                RankOnly(problem, evaluated[i], cv?.Mean ?? crossValidation[i]), predictions[i], cv));
        }

        return results;
    }

    private static List<CandidateResult> WithBlend(SelectionProblem problem, List<CandidateResult> results, SelectionOptions options, IProgress<string>? progress)
    {
        if (options.BlendWithBaseline && Blend(problem, results, options) is { } blend)
        {
            Report(progress, problem, blend.CrossValidation is null
                ? $"{blend.Candidate.Name} out of time"
                : $"{blend.Candidate.Name} out of time and by cross-validation");
            results.Add(blend);
        }

        return results;
    }

    /// <summary>Index of the learner whose folds the choice still needs: the chosen learner, or the learner of a
    /// chosen blend, when it has not been cross-validated; null otherwise.</summary>
    private static int? PendingLearner(CandidateResult chosen, IReadOnlyList<CandidateResult> results)
    {
        var name = chosen.Candidate.Role == CandidateRole.Blend ? chosen.Candidate.BlendOf?.Learner.Name : chosen.Candidate.Learner is null ? null : chosen.Candidate.Name;
        for (var i = 0; i < results.Count && name is not null; i++)
        {
            if (results[i].Candidate.Role == CandidateRole.Learner && results[i].Candidate.Name == name)
            {
                return results[i].Folds is null ? i : null;
            }
        }

        return null;
    }

    private static (IPredictor? Model, double[] Scores) RefitReported(SelectionProblem problem, ModelCandidate chosen, SelectionOptions options, IProgress<string>? progress, SharedBins bins)
    {
        var rows = problem.Views[chosen.View]?.Score?.RowCount;
        Report(progress, problem, rows is { } n
            ? string.Create(CultureInfo.InvariantCulture, $"refitting {chosen.Name} and scoring {n:N0} rows")
            : $"refitting {chosen.Name}");
        return Refit(problem, chosen, options, bins);
    }

    private static string CrossValidationMessage(SelectionProblem problem, ModelCandidate candidate, SelectionOptions options) =>
        candidate.Learner is GradientBoostingLearner boosting && problem.HasOutOfTime && options.ValidationSlices > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{candidate.Name} {options.Folds}-fold cross-validation ({boosting.Options.Rounds} rounds)")
            : string.Create(CultureInfo.InvariantCulture, $"{candidate.Name} {options.Folds}-fold cross-validation");

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

    /// <summary>Progress lines from fits that run side by side, passed on one at a time.</summary>
    private static IProgress<string>? Serialized(IProgress<string>? progress) =>
        progress is null or SerializedProgress ? progress : new SerializedProgress(progress);

    private sealed class SerializedProgress(IProgress<string> inner) : IProgress<string>
    {
        private readonly Lock _gate = new();

        public void Report(string value)
        {
            lock (_gate)
            {
                inner.Report(value);
            }
        }
    }
}
