using Patron.Learning.Evaluation;

namespace Patron.Learning.Selection;

public static partial class CandidateSelection
{
    /// <summary>The best learner blended with the baseline, measured from their own records (no new fit): out of time
    /// from their out-of-time predictions, by cross-validation from the learner's out-of-fold predictions and the
    /// baseline's scores over the same folds. Binary tasks average the two percent ranks (both rankings weigh the same,
    /// whatever their scales); regression averages the two values (both are on the target's scale). Null when the
    /// problem has no out-of-time split, no baseline or no measured learner.</summary>
    /// <remarks>A small shop's learner often ranks the middle of the customers better than one column while the column
    /// (past spend, recency) still ranks the extremes best; the mean keeps both. It is judged out of time like any
    /// other candidate, so it is used only when it beats both the models and the baseline there.</remarks>
    internal static CandidateResult? Blend(SelectionProblem problem, IReadOnlyList<CandidateResult> results, SelectionOptions options)
    {
        CandidateResult? baseline = null;
        foreach (var result in results)
        {
            if (result.Candidate.Role == CandidateRole.Baseline)
            {
                baseline = result;
                break;
            }
        }

        if (!problem.HasOutOfTime || baseline?.OutOfTimePredictions is null || BestLearner(problem, results) is not { OutOfTimePredictions: not null } learner)
        {
            return null;
        }

        var oot = Mix(problem.Kind, learner.OutOfTimePredictions, baseline.OutOfTimePredictions);
        double[]? mixed = null;
        MetricSet? crossValidation = null;
        if (learner.Folds is { } folds && options.Folds >= 2 && problem.CrossValidationLabels is { } y)
        {
            mixed = Mix(problem.Kind, folds.OutOfFold, baseline.Candidate.Score(EvaluationPhase.CrossValidation));
            crossValidation = FoldMean(problem.Kind, y, mixed, folds.FoldOf, options.Folds);
        }

        // The blend's own scores exist only for the rows already measured; the rows to score come from the refit.
        var candidate = new ModelCandidate(learner.Candidate.Name + "_blend", CandidateRole.Blend,
            $"mean {(problem.Kind == TaskKind.Binary ? "rank" : "prediction")} of {learner.Candidate.Name} and {baseline.Candidate.Name}",
            null, learner.Candidate.View, phase => phase switch
            {
                EvaluationPhase.OutOfTime => oot,
                EvaluationPhase.CrossValidation => mixed ?? throw new InvalidOperationException("The blend was not cross-validated."),
                _ => throw new InvalidOperationException("The blend scores new rows through its refit."),
            })
        {
            BlendOf = (learner.Candidate, baseline.Candidate),
        };
        var outOfTime = CrossValidation.Evaluate(problem.Kind, problem.OutOfTimeTestLabels!, oot, []);
        return new CandidateResult(candidate, RankOnly(problem, candidate, outOfTime), RankOnly(problem, candidate, crossValidation), oot, null);
    }

    /// <summary>The blend's scores of the rows to score: the learner refitted, mixed with the baseline's scores.</summary>
    private static double[] BlendScores(SelectionProblem problem, ModelCandidate blend, SelectionOptions options, Trees.SharedBins? bins, out IPredictor model)
    {
        var (learner, baseline) = blend.BlendOf!.Value;
        var (fitted, scores) = Refit(problem, learner, options, bins);
        model = fitted!;
        return Mix(problem.Kind, scores, baseline.Score(EvaluationPhase.Scoring));
    }

    private static double[] Mix(TaskKind kind, double[] a, double[] b)
    {
        if (kind == TaskKind.Binary)
        {
            a = PercentRank(a);
            b = PercentRank(b);
        }

        var result = new double[a.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = 0.5 * (a[i] + b[i]);
        }

        return result;
    }

    /// <summary>Scores mapped to (0, 1] by rank, so a one-feature ranking can be measured and blended like a
    /// probability; ties share their mean rank, NaN ranks lowest.</summary>
    public static double[] PercentRank(double[] values)
    {
        var order = new int[values.Length];
        var keys = new double[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = double.IsNaN(values[i]) ? double.NegativeInfinity : values[i];
        }

        Array.Sort(keys, order);
        var result = new double[values.Length];
        var n = values.Length;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && keys[end + 1] == keys[start])
            {
                end++;
            }

            var rank = (start + end + 2) / 2.0 / n;
            for (var k = start; k <= end; k++)
            {
                result[order[k]] = rank;
            }

            start = end + 1;
        }

        return result;
    }
}
