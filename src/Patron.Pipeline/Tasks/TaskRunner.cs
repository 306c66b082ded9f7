using System.Globalization;
using System.Text.Json;
using Patron.Learning;
using Patron.Learning.Boosting;
using Patron.Learning.Evaluation;
using Patron.Learning.Serialization;
using Patron.Pipeline.Data;

namespace Patron.Pipeline.Tasks;

/// <summary>Trains and judges the candidates of one task, keeps the best, refits it and scores every customer.</summary>
/// <remarks>
/// Out of time: fit on the earlier cutoff (labels up to the training cutoff), measure on the
/// training cutoff (labels up to the scoring cutoff). Cross-validation: stratified k folds
/// over the training cutoff. The chosen candidate (best out-of-time primary metric among non-baselines) is refitted on
/// the training cutoff and scores the scoring cutoff. Gradient boosting finds its round count by early stopping inside
/// the earlier cutoff and keeps it for the folds and the refit (TaskRunner.Boosting.cs).
/// </remarks>
internal static partial class TaskRunner
{
    private const int DriverSampleRows = 2_000;

    public static TaskOutcome Run(TaskSpec spec, IReadOnlyList<Candidate> candidates, CutoffData early, CutoffData train, CutoffData score, PipelineOptions options, IProgress<string>? progress)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(candidates);
        var earlyY = early.Frame.Labels[spec.Label];
        var trainY = train.Frame.Labels[spec.Label];
        var fit = new FitRows(
            RowSample.Stratified(earlyY, options.MaxTrainingRows, options.Seed),
            RowSample.Stratified(trainY, options.MaxTrainingRows, options.Seed));
        var results = new List<CandidateResult>();
        foreach (var candidate in candidates)
        {
            if (!candidate.Available(early, train, score))
            {
                progress?.Report($"{spec.Name}: {candidate.Name} skipped (lifetime outputs unavailable)");
                continue;
            }

            progress?.Report($"{spec.Name}: {candidate.Name} out of time");
            var (metrics, predictions, fitted) = candidate.Learner is GradientBoostingLearner boosting
                ? OutOfTimeWithEarlyStopping(candidate, boosting, early, earlyY, fit, train, trainY, options.Seed)
                : OutOfTime(candidate, spec, early, earlyY, fit, train, trainY);
            progress?.Report(fitted.Learner is GradientBoostingLearner fixedRounds
                ? string.Create(CultureInfo.InvariantCulture, $"{spec.Name}: {candidate.Name} {options.Folds}-fold cross-validation ({fixedRounds.Options.Rounds} rounds)")
                : $"{spec.Name}: {candidate.Name} {options.Folds}-fold cross-validation");
            var cv = CrossValidate(fitted, spec, train, trainY, fit, options);
            results.Add(new CandidateResult(fitted, Clean(fitted, metrics), Clean(fitted, cv), predictions));
        }

        var baseline = results[0];
        var chosen = Choose(spec, results);
        progress?.Report($"{spec.Name}: refitting {chosen.Candidate.Name} and scoring {score.Frame.Count:N0} customers");
        var (model, scores, json) = Refit(chosen.Candidate, spec, train, trainY, fit, score);
        var outcome = new TaskOutcome
        {
            Spec = spec,
            Results = results,
            Chosen = chosen,
            Baseline = baseline,
            OutOfTimeLabels = trainY,
            TrainRows = early.Frame.Count,
            TestRows = train.Frame.Count,
            FitRows = fit.Early?.Length ?? early.Frame.Count,
            CrossValidationRows = fit.Train?.Length ?? train.Frame.Count,
            PositiveRate = spec.Kind == TaskKind.Binary ? Mean(trainY) : double.NaN,
            Model = model,
            ModelJson = json,
            Scores = scores,
            ScoringData = score,
            Interval = spec.Kind == TaskKind.Regression ? EmpiricalInterval.Build(chosen.OutOfTimePredictions, trainY, scores) : null,
        };
        return WithExplainer(outcome, results, train, trainY, fit, score, progress);
    }

    private static (MetricSet Metrics, double[] Predictions, Candidate Fitted) OutOfTime(Candidate candidate, TaskSpec spec, CutoffData early, double[] earlyY, FitRows fit, CutoffData train, double[] trainY)
    {
        if (candidate.Learner is { } learner)
        {
            var (x, y) = fit.Select(candidate.MatrixOf(early)!, earlyY, fit.Early);
            var (_, metrics, predictions) = OutOfTimeEvaluation.Run(learner, x, y, [], candidate.MatrixOf(train)!, trainY);
            return (metrics, predictions, candidate);
        }

        var scores = candidate.Scorer!(early, train);
        return (CrossValidation.Evaluate(spec.Kind, trainY, scores, []), scores, candidate);
    }

    private static MetricSet CrossValidate(Candidate candidate, TaskSpec spec, CutoffData train, double[] allY, FitRows fit, PipelineOptions options)
    {
        if (candidate.Learner is { } learner)
        {
            var (x, y) = fit.Select(candidate.MatrixOf(train)!, allY, fit.Train);
            var cv = CrossValidation.Run(learner, x, y, [], new CrossValidationOptions { Folds = options.Folds, Seed = options.Seed });
            return cv.Mean;
        }

        // A scorer learns nothing from labels (a baseline's scale factor aside), so its folds only average the same
        // scores; they are the learners' folds (same rows, same seed), so the means compare.
        var allScores = candidate.Scorer!(train, train);
        var rows = fit.Train;
        var trainY = rows is null ? allY : RowSample.Pick(allY, rows);
        var scores = rows is null ? allScores : RowSample.Pick(allScores, rows);
        var folds = FoldAssignment.Assign(trainY, options.Folds, options.Seed);
        var perFold = new MetricSet[options.Folds];
        for (var f = 0; f < options.Folds; f++)
        {
            var count = 0;
            for (var i = 0; i < folds.Length; i++)
            {
                count += folds[i] == f ? 1 : 0;
            }

            var y = new double[count];
            var s = new double[count];
            for (int i = 0, k = 0; i < folds.Length; i++)
            {
                if (folds[i] == f)
                {
                    y[k] = trainY[i];
                    s[k++] = scores[i];
                }
            }

            perFold[f] = CrossValidation.Evaluate(spec.Kind, y, s, []);
        }

        return MetricSet.Mean(perFold);
    }

    /// <summary>A rank score is not a probability: its log loss, Brier score and 0.5-threshold metrics would mislead.</summary>
    private static MetricSet Clean(Candidate candidate, MetricSet metrics) =>
        candidate.Kind == Candidate.BaselineKind && metrics.RocAuc is not null || candidate.Kind == Candidate.BaselineKind && metrics.PrAuc is not null
            ? metrics with { LogLoss = null, Brier = null, Precision = null, Recall = null, F1 = null, Threshold = null }
            : metrics;

    private static CandidateResult Choose(TaskSpec spec, List<CandidateResult> results)
    {
        CandidateResult? best = null;
        var bestValue = double.NegativeInfinity;
        foreach (var result in results)
        {
            if (result.Candidate.Kind == Candidate.BaselineKind)
            {
                continue;
            }

            var value = result.OutOfTime.Get(spec.PrimaryMetric) ?? double.NegativeInfinity;
            if (best is null || value > bestValue)
            {
                best = result;
                bestValue = value;
            }
        }

        return best ?? results[0];
    }

    private static (IPredictor? Model, double[] Scores, byte[] Json) Refit(Candidate candidate, TaskSpec spec, CutoffData train, double[] trainY, FitRows fit, CutoffData score)
    {
        if (candidate.Learner is { } learner)
        {
            var (x, y) = fit.Select(candidate.MatrixOf(train)!, trainY, fit.Train);
            var model = learner.Fit(x, y, []);
            var scores = new double[score.Frame.Count];
            model.Predict(candidate.MatrixOf(score)!, scores);
            return (model, scores, ModelSerializer.ToBytes(model));
        }

        return (null, candidate.Scorer!(train, score), ScorerJson(candidate, spec, score));
    }

    private static byte[] ScorerJson(Candidate candidate, TaskSpec spec, CutoffData score)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", "patron-pipeline-scorer");
            writer.WriteNumber("version", 1);
            writer.WriteString("task", spec.Name);
            writer.WriteString("kind", candidate.Name);
            writer.WriteString("description", candidate.Description);
            if (candidate.Kind == Candidate.BaselineKind)
            {
                writer.WriteString("feature", spec.BaselineFeature);
            }
            else if (score.Lifetime is { } lifetime)
            {
                writer.WriteStartObject("bgnbd");
                foreach (var (name, value) in lifetime.Model.Parameters)
                {
                    writer.WriteNumber(name, value);
                }

                writer.WriteEndObject();
                if (lifetime.Spend is { } spend)
                {
                    writer.WriteStartObject("gamma_gamma");
                    foreach (var (name, value) in spend.Parameters)
                    {
                        writer.WriteNumber(name, value);
                    }

                    writer.WriteEndObject();
                }
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static double Mean(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return values.Length == 0 ? double.NaN : sum / values.Length;
    }
}
