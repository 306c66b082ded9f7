using System.Globalization;
using Patron.Features.Frames;
using Patron.Learning;
using Patron.Learning.Boosting;
using Patron.Learning.Evaluation;
using Patron.Learning.Selection;
using Patron.Learning.Linear;
using Patron.Learning.Serialization;
using Patron.Pipeline.Data;
using Patron.Pipeline.Explain;

namespace Patron.Pipeline.Tasks;

/// <summary>The <c>session_purchase</c> task: will this session end in a purchase? Rows are sessions, not customers.
/// The candidates (the marketer's one-column ranking, logistic regression, gradient boosting) are judged out of time
/// (trained on the earlier sessions, tested on the latest window) and by stratified k-fold cross-validation over the
/// training sessions, through the candidate-evaluation engine; the chosen candidate (the baseline when no model beats it
/// out of time) is refitted on every labelled session and scores the sessions of the window.</summary>
internal static class SessionTaskRunner
{
    public const string TaskName = "session_purchase";

    /// <summary>Fewest training sessions the task accepts.</summary>
    public const int MinimumTrainRows = 50;

    /// <summary>Most sessions a session model fits on when <see cref="PipelineOptions.MaxTrainingRows"/> allows more.</summary>
    /// <remarks>The session matrix has about twenty columns against eighty for a customer: on the 1M-line demo shop
    /// (2.2M training sessions) half a million sessions buy an out-of-time PR-AUC of 0.8424 and a quarter of a million
    /// 0.8417, for about a third less CPU in the task (docs/pipeline.md, "Session purchase").</remarks>
    public const int MaxFitRows = 250_000;

    /// <summary>The sessions a session model fits on at most: <see cref="MaxFitRows"/>, or the run's
    /// <c>--max-train-rows</c> when lower; 0 (no limit) stays 0.</summary>
    public static int FitCap(int maxTrainingRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTrainingRows);
        return maxTrainingRows == 0 ? 0 : Math.Min(maxTrainingRows, MaxFitRows);
    }

    /// <summary>The task's specification; the baseline ranks by page views (web sessions) or page value (shoppers).</summary>
    public static TaskSpec Spec(SessionFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.Kind == Features.Sessions.SessionKind.Web
            ? new TaskSpec(TaskName, TaskKind.Binary, "purchased", "pr_auc", "top_decile_lift", "baseline_page_views", "page_views", "pages viewed in the session", false)
            : new TaskSpec(TaskName, TaskKind.Binary, "purchased", "pr_auc", "top_decile_lift", "baseline_page_value", "page_value", "average page value of the pages visited", false);
    }

    /// <summary>Runs the task; null with a reason when the split leaves too little to learn or to test on.</summary>
    public static SessionOutcome? Run(SessionFrame frame, SessionSplit split, PipelineOptions options, IProgress<string>? progress, out string? skipReason)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        var spec = Spec(frame);
        var cap = FitCap(options.MaxTrainingRows);

        // More training sessions than a learner fits on: a stratified seeded sample (web sessions arrive sampled already).
        var trainRows = split.Train;
        if (RowSample.Stratified(Pick(frame.Labels, trainRows), cap, options.Seed) is { } sample)
        {
            trainRows = Pick(trainRows, sample);
        }

        var trainY = Pick(frame.Labels, trainRows);
        var testY = Pick(frame.Labels, split.Test);
        skipReason = Check(trainY, testY, options.Folds, split.Description);
        if (skipReason is not null)
        {
            return null;
        }

        var trainX = frame.Matrix.SelectRows(trainRows);
        var testX = frame.Matrix.SelectRows(split.Test);
        var baselineColumn = frame.Numeric(spec.BaselineFeature);
        var refitRows = RowSample.Stratified(frame.Labels, cap, options.Seed);
        var problem = new SelectionProblem
        {
            Name = TaskName,
            Kind = TaskKind.Binary,
            PrimaryMetric = spec.PrimaryMetric,
            OutOfTimeFitLabels = trainY,
            OutOfTimeTestLabels = testY,
            CrossValidationLabels = trainY,
            RefitLabels = refitRows is null ? frame.Labels : RowSample.Pick(frame.Labels, refitRows),
            Views = [new EvaluationView(trainX, testX, trainX, refitRows is null ? frame.Matrix : frame.Matrix.SelectRows(refitRows), testX)],
        };
        List<ModelCandidate> candidates =
        [
            ModelCandidate.ForBaseline(spec.BaselineName, spec.BaselineDescription, phase =>
                Candidates.PercentRank(Pick(baselineColumn, phase == EvaluationPhase.CrossValidation ? trainRows : split.Test))),
            ModelCandidate.ForLearner("logistic", "logistic regression on every session feature (standardised, L2)" + RowCappedLearner.Describe(trainY.Length),
                RowCappedLearner.ForLogistic(new LogisticRegressionLearner(new LogisticRegressionOptions { C = SmallData.LogisticC(trainY.Length), Seed = (int)options.Seed }), trainY.Length, options.Seed)),
            ModelCandidate.ForLearner("gbdt", "gradient-boosted trees, log loss",
                new GradientBoostingLearner(SmallData.Boosting(options, BoostingLoss.LogLoss, trainY.Length, trainY, null))),
        ];
        var selection = CandidateSelection.Run(problem, candidates, TaskRunner.Selection(options, "the training sessions"), progress);
        var model = selection.Model ?? selection.BestLearnerModel;
        if (model is null && CandidateSelection.BestLearner(problem, selection.Results) is { } best)
        {
            // The baseline was kept: its calibrated ranks are the scores, and the best learner explains them.
            progress?.Report($"{TaskName}: refitting {best.Candidate.Name} to explain the scores");
            model = CandidateSelection.Refit(problem, best.Candidate, TaskRunner.Selection(options, "the training sessions")).Model;
        }

        var scores = selection.Scores;
        var explainer = model as IExplainable;
        var outcome = new TaskOutcome
        {
            Spec = spec,
            Results = selection.Results,
            Choice = selection.Choice,
            OutOfTimeLabels = testY,
            TrainRows = checked((int)(frame.TrainingSessions ?? split.Train.Length)),
            TestRows = split.Test.Length,
            FitRows = trainRows.Length,
            CrossValidationRows = trainRows.Length,
            Split = split.Description,
            PositiveRate = Mean(testY),
            Model = selection.Model,
            ModelJson = selection.Model is { } chosenModel ? ModelSerializer.ToBytes(chosenModel) : TaskRunner.ScorerJson(selection.Chosen.Candidate, spec, null),
            Scores = scores,
            Explainer = explainer,
            ExplainerMatrix = testX,
            GlobalDrivers = explainer is null ? [] : TaskRunner.GlobalDrivers(explainer, frame.Matrix),
        };
        var reasons = explainer is null ? Empty(split.Test.Length) : SessionReasons.Compute(explainer, testX, scores, Mean(frame.Labels));
        return new SessionOutcome(outcome, frame, split.Test, scores, reasons, split.Description);
    }

    private static string? Check(double[] trainY, double[] testY, int folds, string split)
    {
        var trainPositives = Sum(trainY);
        var testPositives = Sum(testY);
        if (trainY.Length < MinimumTrainRows)
        {
            return string.Create(CultureInfo.InvariantCulture, $"only {trainY.Length} sessions to train on ({split}); the task needs at least {MinimumTrainRows}");
        }

        if (trainPositives < folds || trainY.Length - trainPositives < folds)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the training sessions hold {trainPositives:0} purchases and {trainY.Length - trainPositives:0} non-purchases ({split}); {folds}-fold cross-validation needs at least {folds} of each");
        }

        if (testY.Length == 0 || testPositives == 0 || testPositives == testY.Length)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the out-of-time window holds {testY.Length} sessions with {testPositives:0} purchases ({split}); it needs both purchases and non-purchases to be measured");
        }

        return null;
    }

    private static int[] Pick(int[] values, int[] rows)
    {
        var result = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            result[i] = values[rows[i]];
        }

        return result;
    }

    private static double[] Pick(double[] values, int[] rows)
    {
        var result = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            result[i] = values[rows[i]];
        }

        return result;
    }

    private static double Sum(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }

    private static double Mean(double[] values) => values.Length == 0 ? double.NaN : Sum(values) / values.Length;

    private static string[][] Empty(int rows)
    {
        var reasons = new string[rows][];
        for (var i = 0; i < rows; i++)
        {
            reasons[i] = ["", "", ""];
        }

        return reasons;
    }
}
