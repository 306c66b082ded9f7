using System.Globalization;
using Patron.Features.Frames;
using Patron.Learning;
using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Evaluation;
using Patron.Learning.Explain;
using Patron.Learning.Linear;
using Patron.Learning.Serialization;
using Patron.Pipeline.Data;
using Patron.Pipeline.Explain;

namespace Patron.Pipeline.Tasks;

/// <summary>The <c>session_purchase</c> task: will this session end in a purchase? Rows are sessions, not customers.
/// The candidates (the marketer's one-column ranking, logistic regression, gradient boosting) are judged out of time
/// (trained on the earlier sessions, tested on the latest window) and by stratified k-fold cross-validation over the
/// training sessions; the best non-baseline by PR-AUC out of time is refitted on every labelled session and scores the
/// sessions of the window.</summary>
internal static class SessionTaskRunner
{
    public const string TaskName = "session_purchase";

    /// <summary>Fewest training sessions the task accepts.</summary>
    public const int MinimumTrainRows = 50;

    private const int DriverSampleRows = 2_000;

    /// <summary>One in this many training sessions is held back to find the number of boosting rounds.</summary>
    private const int ValidationSlices = 5;

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

        // More training sessions than a learner fits on: a stratified seeded sample (web sessions arrive sampled already).
        var trainRows = split.Train;
        if (RowSample.Stratified(Pick(frame.Labels, trainRows), options.MaxTrainingRows, options.Seed) is { } sample)
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
        var folds = FoldAssignment.Assign(trainY, options.Folds, options.Seed);
        var results = new List<CandidateResult>();
        foreach (var contender in SessionCandidates(spec, options))
        {
            var candidate = contender;
            MetricSet oot, cv;
            double[] predictions;
            if (candidate.Learner is GradientBoostingLearner boosting)
            {
                progress?.Report($"{TaskName}: {candidate.Name} out of time, rounds by early stopping");
                (candidate, oot, predictions) = BoostingOutOfTime(candidate, boosting, trainX, trainY, testX, testY, options.Seed);
                progress?.Report($"{TaskName}: {candidate.Name} {options.Folds}-fold cross-validation");
                cv = CrossValidation.Run(candidate.Learner!, trainX, trainY, [], new CrossValidationOptions { Folds = options.Folds, Seed = options.Seed }).Mean;
            }
            else if (candidate.Learner is { } learner)
            {
                progress?.Report($"{TaskName}: {candidate.Name} out of time");
                (_, oot, predictions) = OutOfTimeEvaluation.Run(learner, trainX, trainY, [], testX, testY);
                progress?.Report($"{TaskName}: {candidate.Name} {options.Folds}-fold cross-validation");
                cv = CrossValidation.Run(learner, trainX, trainY, [], new CrossValidationOptions { Folds = options.Folds, Seed = options.Seed }).Mean;
            }
            else
            {
                predictions = Candidates.PercentRank(Pick(baselineColumn, split.Test));
                oot = RankOnly(CrossValidation.Evaluate(TaskKind.Binary, testY, predictions, []));
                cv = RankOnly(FoldMean(Candidates.PercentRank(Pick(baselineColumn, trainRows)), trainY, folds, options.Folds));
            }

            results.Add(new CandidateResult(candidate, oot, cv, predictions));
        }

        var chosen = results[1];
        foreach (var result in results)
        {
            if (result.Candidate.Kind != Candidate.BaselineKind && (result.OutOfTime.PrAuc ?? double.NegativeInfinity) > (chosen.OutOfTime.PrAuc ?? double.NegativeInfinity))
            {
                chosen = result;
            }
        }

        var refitRows = RowSample.Stratified(frame.Labels, options.MaxTrainingRows, options.Seed);
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{TaskName}: refitting {chosen.Candidate.Name} on {refitRows?.Length ?? frame.Count:N0} labelled sessions"));
        var model = refitRows is null
            ? chosen.Candidate.Learner!.Fit(frame.Matrix, frame.Labels, [])
            : chosen.Candidate.Learner!.Fit(frame.Matrix.SelectRows(refitRows), RowSample.Pick(frame.Labels, refitRows), []);
        var scores = new double[split.Test.Length];
        model.Predict(testX, scores);
        var explainer = model as IExplainable;
        var outcome = new TaskOutcome
        {
            Spec = spec,
            Results = results,
            Chosen = chosen,
            Baseline = results[0],
            OutOfTimeLabels = testY,
            TrainRows = checked((int)(frame.TrainingSessions ?? split.Train.Length)),
            TestRows = split.Test.Length,
            FitRows = trainRows.Length,
            CrossValidationRows = trainRows.Length,
            Split = split.Description,
            PositiveRate = Mean(testY),
            Model = model,
            ModelJson = ModelSerializer.ToBytes(model),
            Scores = scores,
            Explainer = explainer,
            ExplainerMatrix = testX,
            GlobalDrivers = explainer is null ? [] : Drivers(explainer, frame.Matrix),
        };
        var reasons = explainer is null ? Empty(split.Test.Length) : SessionReasons.Compute(explainer, testX, scores, Mean(frame.Labels));
        return new SessionOutcome(outcome, frame, split.Test, scores, reasons, split.Description);
    }

    private static List<Candidate> SessionCandidates(TaskSpec spec, PipelineOptions options) =>
    [
        new(spec.BaselineName, Candidate.BaselineKind, spec.BaselineDescription, null, false, null),
        new("logistic", Candidate.ModelKind, "logistic regression on every session feature (standardised, L2)",
            new LogisticRegressionLearner(new LogisticRegressionOptions { C = 1.0, Seed = (int)options.Seed }), false, null),
        new("gbdt", Candidate.ModelKind, "gradient-boosted trees, log loss",
            new GradientBoostingLearner(Candidates.Boosting(options, BoostingLoss.LogLoss)), false, null),
    ];

    /// <summary>Boosting out of time with early stopping, as for the customer tasks: the trees grow on four fifths of the
    /// training sessions (stratified, seeded) until the loss on the other fifth stops improving; that model is judged on
    /// the test window, and its round count is fixed for the folds and the refit. The test window takes no part in
    /// choosing the rounds.</summary>
    private static (Candidate Fixed, MetricSet Metrics, double[] Predictions) BoostingOutOfTime(
        Candidate candidate, GradientBoostingLearner learner, FeatureMatrix trainX, double[] trainY, FeatureMatrix testX, double[] testY, long seed)
    {
        var slice = FoldAssignment.Assign(trainY, ValidationSlices, seed);
        var fitRows = new List<int>(trainY.Length);
        var validRows = new List<int>(trainY.Length / ValidationSlices + 1);
        for (var i = 0; i < slice.Length; i++)
        {
            (slice[i] == 0 ? validRows : fitRows).Add(i);
        }

        var fit = fitRows.ToArray();
        var valid = validRows.ToArray();
        var model = learner.Fit(trainX.SelectRows(fit), Pick(trainY, fit), [], trainX.SelectRows(valid), Pick(trainY, valid), []);
        var predictions = new double[testX.RowCount];
        model.Predict(testX, predictions);
        var rounds = model.BestIteration;
        var fixedLearner = new GradientBoostingLearner(learner.Options with { Rounds = rounds, EarlyStoppingRounds = 0 });
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{candidate.Description}; {rounds} rounds (early stopping on a fifth of the training sessions, at most {learner.Options.Rounds})");
        return (candidate with { Learner = fixedLearner, Description = description }, CrossValidation.Evaluate(TaskKind.Binary, testY, predictions, []), predictions);
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

    /// <summary>A rank is not a probability: its log loss, Brier score and 0.5-threshold metrics would mislead.</summary>
    private static MetricSet RankOnly(MetricSet metrics) => metrics with { LogLoss = null, Brier = null, Precision = null, Recall = null, F1 = null, Threshold = null };

    private static MetricSet FoldMean(double[] scores, double[] y, int[] folds, int foldCount)
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

            perFold[f] = CrossValidation.Evaluate(TaskKind.Binary, foldY, foldScores, []);
        }

        return MetricSet.Mean(perFold);
    }

    private static List<KeyValuePair<string, double>> Drivers(IExplainable explainer, FeatureMatrix x)
    {
        var rows = new int[Math.Min(DriverSampleRows, x.RowCount)];
        for (var i = 0; i < rows.Length; i++)
        {
            // An even spread over the time-ordered rows: deterministic and without a random step.
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
