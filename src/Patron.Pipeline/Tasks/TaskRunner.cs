using System.Text.Json;
using Patron.Features.Lifetime;
using Patron.Learning;
using Patron.Learning.Evaluation;
using Patron.Learning.Selection;
using Patron.Learning.Serialization;
using Patron.Learning.Trees;
using Patron.Pipeline.Data;

namespace Patron.Pipeline.Tasks;

/// <summary>Runs one customer task through the candidate-evaluation engine (<see cref="CandidateSelection"/>) and
/// keeps what the run folder needs: the choice, the refitted model, the scores of every customer at the scoring
/// cutoff, the CLV interval and the model that explains the scores.</summary>
/// <remarks>
/// Out of time: fit on the earlier cutoff (labels up to the training cutoff), measure on the training cutoff (labels up
/// to the scoring cutoff). Cross-validation: stratified k folds over the training cutoff. The engine's choice rule
/// keeps the baseline when no model beats it out of time; the chosen candidate is refitted on the training cutoff and
/// scores the scoring cutoff. Gradient boosting finds its round count by early stopping inside the earlier cutoff.
/// </remarks>
internal static partial class TaskRunner
{
    private const int DriverSampleRows = 2_000;

    /// <summary>Runs the task; <paramref name="candidates"/> replaces the task's own candidates (tests);
    /// <paramref name="bins"/>, when given, are shared with the other tasks over the same cutoffs, so their matrices
    /// are binned once for all of them (the same bins and results as binning per task).</summary>
    public static TaskOutcome Run(TaskSpec spec, CutoffData early, CutoffData train, CutoffData score, int horizonDays, PipelineOptions options, IProgress<string>? progress,
        Func<TaskCutoffs, IReadOnlyList<ModelCandidate>>? candidates = null, SharedBins? bins = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var earlyY = early.Frame.Labels[spec.Label];
        var trainY = train.Frame.Labels[spec.Label];
        var fit = new FitRows(
            early.MatrixRows ?? RowSample.Stratified(earlyY, options.MaxTrainingRows, options.Seed),
            RowSample.Stratified(trainY, options.MaxTrainingRows, options.Seed));
        var data = new TaskCutoffs(early, train, score, fit);
        var contenders = candidates?.Invoke(data) ?? Candidates.For(spec, options, horizonDays, data, progress);
        var problem = Problem(spec, data, UsesView(contenders, Candidates.LifetimeView));
        var selectionOptions = Selection(options, "the earlier cutoff") with { Bins = bins };
        var selection = CandidateSelection.Run(problem, contenders, selectionOptions, progress);
        var chosen = selection.Chosen;
        var outcome = new TaskOutcome
        {
            Spec = spec,
            Results = selection.Results,
            Choice = selection.Choice,
            OutOfTimeLabels = trainY,
            TrainRows = early.Frame.Count,
            TestRows = train.Frame.Count,
            FitRows = fit.Early?.Length ?? early.Frame.Count,
            CrossValidationRows = fit.Train?.Length ?? train.Frame.Count,
            PositiveRate = spec.Kind == TaskKind.Binary ? Mean(trainY) : double.NaN,
            Model = selection.Model,
            ModelJson = selection.Model is { } model ? ModelSerializer.ToBytes(model) : ScorerJson(chosen.Candidate, spec, score.Lifetime),
            Scores = selection.Scores,
            ScoringData = score,
            Interval = spec.Kind == TaskKind.Regression ? EmpiricalInterval.Build(chosen.OutOfTimePredictions!, trainY, selection.Scores) : null,
        };
        return Detached(WithExplainer(outcome, problem, selection.BestLearnerModel, selectionOptions, progress));
    }

    /// <summary>The outcome with its candidates' scorers let go: a baseline's or lifetime scorer's closure holds the
    /// task's cutoffs (the earlier and training cutoffs' matrices and the task's samples of their rows), which no step
    /// after the task reads, so the outcome would keep GBs alive at millions of customers until the stage ends. The
    /// names, descriptions, roles and metrics stay; the choice points at the same results.</summary>
    /// <remarks>Only the chosen candidate and the baseline keep their predictions of the test rows (metrics.json draws
    /// their curves; nothing reads the others'), and no candidate keeps its out-of-fold predictions: at millions of
    /// customers each is a score per test row, and a task's would otherwise stay until the predictions are written.</remarks>
    internal static TaskOutcome Detached(TaskOutcome outcome) => Detached(outcome, keepPredictions: true);

    /// <summary>The outcome as metrics.json left it: <see cref="Detached(TaskOutcome)"/> without the candidates'
    /// out-of-time and out-of-fold predictions (a score per test row for every candidate, hundreds of MB at millions of
    /// customers), which only metrics.json's curves read. Metrics, names, the choice and the scores stay.</summary>
    internal static TaskOutcome WithoutTestPredictions(TaskOutcome outcome) => Detached(outcome, keepPredictions: false);

    private static TaskOutcome Detached(TaskOutcome outcome, bool keepPredictions)
    {
        var choice = outcome.Choice;
        var kept = new Dictionary<CandidateResult, CandidateResult>(ReferenceEqualityComparer.Instance);
        var results = new List<CandidateResult>(outcome.Results.Count);
        foreach (var result in outcome.Results)
        {
            var detached = Detach(result);
            kept[result] = detached;
            results.Add(detached);
        }

        return outcome with
        {
            Results = results,
            Choice = choice with { Chosen = Same(choice.Chosen)!, Baseline = Same(choice.Baseline), BestModel = Same(choice.BestModel) },
        };

        CandidateResult? Same(CandidateResult? result) =>
            result is null ? null : kept.TryGetValue(result, out var detached) ? detached : Detach(result);

        CandidateResult Detach(CandidateResult result) =>
            keepPredictions && (ReferenceEquals(result, choice.Chosen) || ReferenceEquals(result, choice.Baseline))
                ? result with { Candidate = WithoutScorer(result.Candidate), Folds = null }
                : result with { Candidate = WithoutScorer(result.Candidate), OutOfTimePredictions = null, Folds = null };
    }

    private static ModelCandidate WithoutScorer(ModelCandidate candidate) => candidate with
    {
        Scorer = null,
        BlendOf = candidate.BlendOf is { } blend ? (WithoutScorer(blend.Learner), WithoutScorer(blend.Baseline)) : null,
    };

    /// <summary>The engine's options for a run: its folds (every learner with <c>--cv</c>, else none but a chosen
    /// blend's learner) and seed, early stopping on a fifth of the out-of-time fit rows, and the best learner blended
    /// with the baseline as one more candidate.</summary>
    internal static SelectionOptions Selection(PipelineOptions options, string validationRows) => new()
    {
        Folds = options.Folds,
        CrossValidateEvery = options.CrossValidateEvery,

        // The out-of-time split alone chooses; the folds only describe the chosen model and cost twice its refit, so
        // they run on request (--cv) or for a chosen blend, whose calibration reads them (docs/pipeline.md).
        CrossValidateChosen = false,
        RefitBestLearnerToExplain = true,
        Seed = options.Seed,
        BlendWithBaseline = true,
        ValidationSlices = 5,
        ValidationRowsName = validationRows,
    };

    private static SelectionProblem Problem(TaskSpec spec, TaskCutoffs data, bool lifetime)
    {
        var (_, earlyY) = data.Fit.Select(data.Early.Plain, data.Early.Frame.Labels[spec.Label], data.Fit.Early);
        var trainY = data.Train.Frame.Labels[spec.Label];
        var (_, cvY) = data.Fit.Select(data.Train.Plain, trainY, data.Fit.Train);
        return new SelectionProblem
        {
            Name = spec.Name,
            Kind = spec.Kind,
            PrimaryMetric = spec.PrimaryMetric,
            OutOfTimeFitLabels = earlyY,
            OutOfTimeTestLabels = trainY,
            CrossValidationLabels = cvY,
            RefitLabels = cvY,
            Views = [View(spec, data, d => d.Plain), lifetime ? View(spec, data, d => d.WithLifetime!) : null],
        };
    }

    private static EvaluationView View(TaskSpec spec, TaskCutoffs data, Func<CutoffData, Learning.Data.FeatureMatrix> matrix)
    {
        var fitX = data.Fit.Select(matrix(data.Early), data.Early.Frame.Labels[spec.Label], data.Fit.Early).X;
        var cvX = data.Fit.Select(matrix(data.Train), data.Train.Frame.Labels[spec.Label], data.Fit.Train).X;
        return new EvaluationView(fitX, matrix(data.Train), cvX, cvX, matrix(data.Score));
    }

    private static bool UsesView(IReadOnlyList<ModelCandidate> candidates, int view)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Learner is not null && candidate.View == view)
            {
                return true;
            }
        }

        return false;
    }

    internal static byte[] ScorerJson(ModelCandidate candidate, TaskSpec spec, LifetimeScores? lifetimeScores)
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
            if (candidate.Role == CandidateRole.Baseline)
            {
                writer.WriteString("feature", spec.BaselineFeature);
            }
            else if (lifetimeScores is { } lifetime)
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
