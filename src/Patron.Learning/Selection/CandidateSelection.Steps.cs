using System.Globalization;
using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Evaluation;
using Patron.Learning.Trees;

namespace Patron.Learning.Selection;

public static partial class CandidateSelection
{
    /// <summary>The chosen candidate refitted on the refit rows (resampled when the options say so), with its scores of
    /// the rows to score. A baseline or scorer is not fitted; a blend refits its learner (returned as the model, for
    /// explanations) and mixes its scores with the baseline's. A binary baseline's or blend's rank scores are mapped to
    /// probabilities by an isotonic fit on the cross-validation rows' labels, so they still read as probabilities.</summary>
    public static (IPredictor? Model, double[] Scores) Refit(SelectionProblem problem, ModelCandidate candidate, SelectionOptions options) =>
        Refit(problem, candidate, options, options?.Bins);

    /// <summary>As the public overload, the refit's bins shared through <paramref name="bins"/>.</summary>
    internal static (IPredictor? Model, double[] Scores) Refit(SelectionProblem problem, ModelCandidate candidate, SelectionOptions options, SharedBins? bins)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(options);
        var view = ViewOf(problem, candidate);
        if (candidate.Learner is { } learner)
        {
            var model = Fit(learner, view.Refit, problem.RefitLabels, options, options.Seed, bins);
            var scores = view.Score is null ? [] : new double[view.Score.RowCount];
            if (view.Score is not null)
            {
                model.Predict(view.Score, scores);
            }

            return (model, scores);
        }

        IPredictor? blended = null;
        var scored = view.Score is null ? []
            : candidate.Role == CandidateRole.Blend ? BlendScores(problem, candidate, options, bins, out blended)
            : candidate.Score(EvaluationPhase.Scoring);
        if (candidate.Role is CandidateRole.Baseline or CandidateRole.Blend && problem.Kind == TaskKind.Binary && scored.Length > 0
            && problem.CrossValidationLabels is { } y && options.Folds >= 2)
        {
            var calibrator = IsotonicCalibrator.Fit(candidate.Score(EvaluationPhase.CrossValidation), y);
            var probabilities = new double[scored.Length];
            calibrator.Apply(scored, probabilities);
            scored = probabilities;
        }

        return (blended, scored);
    }

    private static (ModelCandidate Candidate, MetricSet Metrics, double[] Predictions) OutOfTime(SelectionProblem problem, ModelCandidate candidate, SelectionOptions options, SharedBins bins)
    {
        var testY = problem.OutOfTimeTestLabels!;
        if (candidate.Learner is null)
        {
            var scores = candidate.Score(EvaluationPhase.OutOfTime);
            return (candidate, CrossValidation.Evaluate(problem.Kind, testY, scores, []), scores);
        }

        var view = ViewOf(problem, candidate);
        var fitX = view.OutOfTimeFit ?? throw new InvalidOperationException($"View {candidate.View} has no out-of-time fit rows.");
        var fitY = problem.OutOfTimeFitLabels ?? throw new InvalidOperationException("The problem has no out-of-time fit labels.");
        var testX = view.OutOfTimeTest ?? throw new InvalidOperationException($"View {candidate.View} has no out-of-time test rows.");
        fitX.Schema.EnsureCompatible(testX.Schema);
        IPredictor model;
        if (candidate.Learner is GradientBoostingLearner boosting && options.ValidationSlices > 0)
        {
            (model, candidate) = EarlyStopped(candidate, boosting, fitX, fitY, options, bins);
        }
        else
        {
            model = Fit(candidate.Learner, fitX, fitY, options, options.Seed, bins);
        }

        var predictions = new double[testX.RowCount];
        model.Predict(testX, predictions);
        return (candidate, CrossValidation.Evaluate(problem.Kind, testY, predictions, []), predictions);
    }

    /// <summary>Boosting with early stopping: the trees grow on the out-of-time fit rows but one slice (stratified,
    /// seeded) and stop once the loss on that slice has not improved for the learner's patience; the model keeps the
    /// best round. The candidate that comes back grows exactly that many rounds without a validation set, for the folds
    /// and the refit, so neither the out-of-time labels nor the folds take part in choosing the rounds. Both parts are
    /// read in place from the shared matrix.</summary>
    private static (IPredictor Model, ModelCandidate Fixed) EarlyStopped(ModelCandidate candidate, GradientBoostingLearner learner, FeatureMatrix x, double[] y, SelectionOptions options, SharedBins bins)
    {
        var slice = FoldAssignment.Assign(y, options.ValidationSlices, options.Seed);
        var validCount = 0;
        foreach (var s in slice)
        {
            validCount += s == 0 ? 1 : 0;
        }

        var fitRows = new int[slice.Length - validCount];
        var validRows = new int[validCount];
        for (int i = 0, a = 0, b = 0; i < slice.Length; i++)
        {
            if (slice[i] == 0)
            {
                validRows[b++] = i;
            }
            else
            {
                fitRows[a++] = i;
            }
        }

        var model = learner.Fit(x, bins, fitRows, RowSample.Pick(y, fitRows), [], validRows, RowSample.Pick(y, validRows));
        var rounds = model.BestIteration;
        var fixedLearner = new GradientBoostingLearner(learner.Options with { Rounds = rounds, EarlyStoppingRounds = 0 });
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{candidate.Description}; {rounds} rounds (early stopping on {SliceWords(options.ValidationSlices)} of {options.ValidationRowsName}, at most {learner.Options.Rounds})");
        return (model, candidate with { Learner = fixedLearner, Description = description });
    }

    private static (MetricSet Mean, CrossValidationResult? Folds) CrossValidate(SelectionProblem problem, ModelCandidate candidate, SelectionOptions options, SharedBins bins)
    {
        var y = problem.CrossValidationLabels!;
        if (candidate.Learner is not null)
        {
            var run = Folds(problem, candidate, options, bins);
            for (var f = 0; f < run.FoldCount; f++)
            {
                run.FitFold(f);
            }

            var result = run.Result();
            return (result.Mean, result);
        }

        // A scorer learns nothing from labels (a baseline's scale factor aside), so its folds only average the same
        // scores over the learners' folds (same rows, same seed): the means compare.
        var scores = candidate.Score(EvaluationPhase.CrossValidation);
        return (FoldMean(problem.Kind, y, scores, FoldAssignment.Assign(y, options.Folds, options.Seed), options.Folds), null);
    }

    /// <summary>The cross-validation of a learner, its folds not yet fitted.</summary>
    private static CrossValidationRun Folds(SelectionProblem problem, ModelCandidate candidate, SelectionOptions options, SharedBins bins)
    {
        var x = ViewOf(problem, candidate).CrossValidation ?? throw new InvalidOperationException($"View {candidate.View} has no cross-validation rows.");
        return new CrossValidationRun(candidate.Learner!, x, problem.CrossValidationLabels!, [],
            new CrossValidationOptions { Folds = options.Folds, Seed = options.Seed, Resampler = options.Resampler }, bins);
    }

    /// <summary>Runs independent steps side by side on up to <paramref name="degree"/> threads (-1: every core); a
    /// failure is rethrown as itself.</summary>
    private static void Side(IReadOnlyList<Action> work, int degree) => Side(work.Count, degree, i => work[i]());

    private static void Side(int count, int degree, Action<int> body)
    {
        if (count == 0)
        {
            return;
        }

        if (count == 1 || degree == 1)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = degree }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>The mean over folds of the metrics of fixed scores.</summary>
    private static MetricSet FoldMean(TaskKind kind, double[] y, double[] scores, int[] folds, int foldCount)
    {
        var perFold = new MetricSet[foldCount];
        for (var f = 0; f < foldCount; f++)
        {
            var count = 0;
            foreach (var fold in folds)
            {
                count += fold == f ? 1 : 0;
            }

            var foldY = new double[count];
            var foldScores = new double[count];
            for (int i = 0, k = 0; i < folds.Length; i++)
            {
                if (folds[i] == f)
                {
                    foldY[k] = y[i];
                    foldScores[k++] = scores[i];
                }
            }

            perFold[f] = CrossValidation.Evaluate(kind, foldY, foldScores, []);
        }

        return MetricSet.Mean(perFold);
    }

    private static IPredictor Fit(ILearner<IPredictor> learner, FeatureMatrix x, double[] y, SelectionOptions options, long seed, SharedBins? bins)
    {
        if (options.Resampler is null)
        {
            return RowFits.Fit(learner, x, bins, null, y, []);
        }

        var resampled = options.Resampler.Resample(x, y, [], seed);
        return learner.Fit(resampled.X, resampled.Y, resampled.Weight);
    }

    private static string SliceWords(int slices) => slices switch
    {
        2 => "a half",
        3 => "a third",
        4 => "a quarter",
        5 => "a fifth",
        _ => string.Create(CultureInfo.InvariantCulture, $"one in {slices}"),
    };
}
