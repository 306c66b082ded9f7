using Patron.Features.Frames;
using Patron.Features.Lifetime;
using Patron.Features.Rules;
using System.Globalization;
using System.Runtime.CompilerServices;
using Patron.DuckDb;
using Patron.Learning.Evaluation;
using Patron.Learning.Selection;
using Patron.Learning.Trees;
using Patron.Pipeline.Data;
using Patron.Pipeline.Output;
using Patron.Pipeline.Stages;
using Patron.Pipeline.Tasks;
using Patron.Warehouse;

namespace Patron.Pipeline;

public sealed partial class PipelineRunner
{
    private const int MinimumRows = 50;

    private void Models(RunState state)
    {
        var o = _options;
        state.ModelsKey = StageCache.Hash(state.FeaturesKey, state.CrossSellKey, string.Join(',', o.Tasks),
            string.Create(CultureInfo.InvariantCulture, $"{o.Seed};{o.Folds};{o.CrossValidateEvery};{o.BoostingRounds};{o.EffectiveClvHorizon};{o.MaxTrainingRows}"));
        var metrics = OutputPath("metrics.json");
        var predictions = OutputPath("predictions.csv");
        var fresh = _cache.IsFresh("models", state.ModelsKey, metrics, predictions, OutputPath("predictions.parquet"), OutputPath(ProfileSnapshot.FileName), OutputPath("models"));
        // Its matrices, scores and reasons are garbage once it ends; Stage hands that heap back (StageMemory) before drift.
        Stage("models", state.ModelsKey, fresh, progress => TrainAndScore(state, progress));
        if (fresh)
        {
            RunFolderReader.ReadSummaries(metrics, state.Tasks, state.SkippedTasks);
            state.CustomersScored = File.Exists(predictions) ? RunFolderReader.CountRows(predictions) : 0;
            var sessions = OutputPath(SessionPredictionsWriter.FileName);
            if (File.Exists(sessions))
            {
                state.SessionsScored = RunFolderReader.CountRows(sessions);
                state.Outputs["session predictions"] = sessions;
            }
        }

        state.Outputs["metrics"] = metrics;
        if (File.Exists(predictions))
        {
            state.Outputs["predictions"] = predictions;
        }
        state.Outputs["models"] = OutputPath("models");
    }

    private string TrainAndScore(RunState state, IProgress<string> progress)
    {
        // The customer tasks of a horizon run side by side (at most TasksSideBySide at once), each on its own thread;
        // their outcomes are taken in the tasks' order once they are done, so nothing depends on which ends first.
        var jobs = new TaskJobs(progress);
        progress = jobs.Progress;
        TaskOutcome? session = null;
        var sessionsWritten = false;
        if (WantsSessions)
        {
            // First, and its file written at once: the sessions' frame, test matrix and reasons are gone before the
            // customers' cutoffs load, so the stage's peak is the larger of the two sides, not their sum.
            session = ScoreSessions(state, progress);
            sessionsWritten = true;
            StageMemory.Release();
        }

        // Each step below is a method of its own, so what a step leaves behind (a horizon's three cutoffs, their bins, the
        // scoring matrix) is unreachable once it returns, not kept alive by a local of this method until the stage ends.
        var fits = FitCustomerTasks(state, jobs, progress);
        if (fits.Outcomes.Count > 0)
        {
            // The cutoffs' matrices (GBs at millions of customers) were just let go: hand their memory back before the
            // predictions and the files are built, rather than let the heap keep it while the writers allocate anew.
            HandBackHeap();
        }

        var tasks = WriteMetricsAndModels(state, fits, session, progress);
        ForgetTestPredictions(fits);
        if (!sessionsWritten)
        {
            WriteSessionOutputs(state, null, progress);
        }

        if (fits.Outcomes.Count == 0 && fits.Early is null)
        {
            // A folder reused from a run with customers must not keep that run's customer predictions.
            File.Delete(OutputPath("predictions.csv"));
            File.Delete(OutputPath("predictions.parquet"));
            File.Delete(OutputPath(ProfileSnapshot.FileName));
            if (Directory.Exists(OutputPath("kpi")))
            {
                File.Delete(OutputPath("kpi", "churn_risk.csv"));
                File.Delete(OutputPath("kpi", "clv_distribution.csv"));
                File.Delete(OutputPath("kpi", EarlyHighValueList.FileName));
            }
            return session is null
                ? "no task could run: " + string.Join("; ", state.SkippedTasks.Select(s => $"{s.Key}: {s.Value}"))
                : string.Create(CultureInfo.InvariantCulture, $"{tasks} task; {state.SessionsScored:N0} sessions scored; no customer task ran");
        }

        var customers = WritePredictions(state, fits, progress);
        return session is null
            ? string.Create(CultureInfo.InvariantCulture, $"{tasks} tasks; {customers:N0} customers scored")
            : string.Create(CultureInfo.InvariantCulture, $"{tasks} tasks; {customers:N0} customers and {state.SessionsScored:N0} sessions scored");
    }

    /// <summary>Writes metrics.json and models/, adds the tasks' summaries and keeps the scoring cutoff's scores for the
    /// drift stage; returns the number of tasks that ran. A method of its own: its loops' locals (outcomes that hold the
    /// scoring matrix) are not kept alive while the predictions are written.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int WriteMetricsAndModels(RunState state, CustomerFits fits, TaskOutcome? session, IProgress<string> progress)
    {
        var all = new List<TaskOutcome>(fits.Outcomes.Values);
        if (fits.Early is not null)
        {
            all.Add(fits.Early);
        }
        if (session is not null)
        {
            all.Add(session);
        }

        progress.Report("writing metrics.json and models");
        MetricsWriter.Write(OutputPath("metrics.json"), all, state.SkippedTasks);
        var models = OutputPath("models");
        Directory.CreateDirectory(models);
        foreach (var outcome in all)
        {
            File.WriteAllBytes(Path.Combine(models, outcome.Spec.Name + ".json"), outcome.ModelJson);
        }

        foreach (var outcome in all)
        {
            state.Tasks.Add(Summarise(outcome));
        }

        foreach (var (task, outcome) in fits.Outcomes)
        {
            if (outcome.Chosen.Candidate.Role == CandidateRole.Learner && outcome.Model is not null)
            {
                // The drift stage compares these scores at the scoring cutoff instead of scoring it again.
                state.ScoringScores[task] = outcome.Scores;
            }
        }

        return all.Count;
    }

    /// <summary>What the customer tasks leave for the predictions: the outcomes in task order, the early task's, and the
    /// customers at the scoring cutoff (the label horizon's cutoff, or the CLV horizon's when only CLV ran; when only
    /// the early task ran, the frame alone). <see cref="WritePredictions"/> lets the scoring matrices go once the
    /// reasons are computed.</summary>
    private sealed class CustomerFits
    {
        public Dictionary<string, TaskOutcome> Outcomes { get; } = new(StringComparer.Ordinal);

        public TaskOutcome? Early { get; set; }

        public CutoffData? Scoring { get; set; }

        public CustomerFrame? EarlyMain { get; set; }
    }

    /// <summary>The session task, its file written at once; the outcome kept for metrics.json and models/ without the
    /// sessions' frame, test matrix, reasons or the candidates' scorers (which hold the frame's columns).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TaskOutcome? ScoreSessions(RunState state, IProgress<string> progress)
    {
        var outcome = RunSessionTask(state, progress);
        WriteSessionOutputs(state, outcome, progress);
        return outcome is null ? null : TaskRunner.Detached(outcome.Outcome with { ExplainerMatrix = null, Explainer = null });
    }

    /// <summary>Fits and scores the customer tasks, horizon by horizon (the early task on its own cutoffs).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private CustomerFits FitCustomerTasks(RunState state, TaskJobs jobs, IProgress<string> progress)
    {
        var fits = new CustomerFits();
        var outcomes = fits.Outcomes;
        var horizons = new List<double>();
        foreach (var (_, h) in state.Builds)
        {
            if (!horizons.Contains(h))
            {
                horizons.Add(h);
            }
        }

        var data = new Dictionary<int, (CutoffData Early, CutoffData Train, CutoffData Score)>();
        var bins = new Dictionary<int, SharedBins>();
        var tooFew = new Dictionary<int, string>();
        var lastUse = new Dictionary<int, string>();
        foreach (var task in _options.Tasks)
        {
            if (task != SessionTaskRunner.TaskName && task != TaskSpec.EarlyName)
            {
                lastUse[task == "clv" ? _options.EffectiveClvHorizon : _options.HorizonDays] = task;
            }
        }

        foreach (var task in _options.Tasks)
        {
            if (task == SessionTaskRunner.TaskName)
            {
                continue;
            }

            if (!state.HasPurchases)
            {
                SkipCustomerTask(state, task, progress);
                continue;
            }

            if (task == TaskSpec.EarlyName)
            {
                jobs.Finish(outcomes);
                using (var connection = OpenWarehouse())
                {
                    fits.Early = RunEarlyTask(connection, state, progress);
                }

                continue;
            }

            var spec = TaskSpec.Get(task);
            var h = task == "clv" ? _options.EffectiveClvHorizon : _options.HorizonDays;
            string? skip = null;
            if (!data.TryGetValue(h, out var d))
            {
                // The tasks of the horizon before end first: two horizons' fits never hold memory at once.
                jobs.Finish(outcomes);

                // The warehouse is open only while a horizon's cutoffs are read: closing it lets DuckDB's buffers go
                // before the fits (at millions of customers they would otherwise stay at the memory limit).
                using var connection = OpenWarehouse();
                skip = tooFew.TryGetValue(h, out var known) ? known : TooFewCustomers(connection, state.ScoringCutoff, h);
                if (skip is null)
                {
                    d = Load(connection, state.ScoringCutoff, h, horizons, progress);
                    data[h] = d;
                    bins[h] = new SharedBins();
                }
                else
                {
                    tooFew[h] = skip;
                }
            }

            skip ??= TaskData.CannotLearn(spec, d.Early.Frame.Labels[spec.Label], d.Train.Frame.Labels[spec.Label], _options.Folds);
            if (skip is not null)
            {
                state.SkippedTasks[task] = skip;
                progress.Report($"{task} skipped: {skip}");
            }
            else
            {
                // Side by side only while the tasks share every matrix: above the training-row cap each task draws its
                // own sample of the training cutoff (hundreds of MB at millions of customers), so they go one at a time.
                var shared = _options.MaxTrainingRows <= 0 || d.Train.Frame.Count <= _options.MaxTrainingRows;
                if (!shared)
                {
                    // One at a time, the task before leaves its own sample, folds and trees behind: hand that memory
                    // back before the next task draws its sample, so the heap does not creep up task after task.
                    jobs.Finish(outcomes);
                    HandBackHeap();
                }

                StartCustomerTask(jobs, spec, d, h, bins[h], shared);
                if (fits.Scoring is null || h == _options.HorizonDays)
                {
                    fits.Scoring = d.Score;
                }
            }

            if (lastUse[h] == task)
            {
                // The outcomes keep only what they score; matrices of millions of customers go once no task needs them.
                data.Remove(h);
                bins.Remove(h);
            }
        }

        jobs.Finish(outcomes);
        if (fits.Scoring is null && fits.Early is not null)
        {
            // Only the early task ran: its column still goes on every customer of the scoring cutoff.
            using var connection = OpenWarehouse();
            fits.EarlyMain = CustomerFrame.Load(connection, state.ScoringCutoff, _options.HorizonDays);
        }

        return fits;
    }

    /// <summary>Starts a customer task on its cutoffs; the closure the job runs is made here, so it holds these cutoffs
    /// only as long as the job runs.</summary>
    private void StartCustomerTask(TaskJobs jobs, TaskSpec spec, (CutoffData Early, CutoffData Train, CutoffData Score) cutoffs, int h, SharedBins bins, bool shared) =>
        jobs.Start(spec.Name, shared ? _options.TasksSideBySide : 1,
            p => TaskRunner.Run(spec, cutoffs.Early, cutoffs.Train, cutoffs.Score, h, _options, p, bins: bins));

    /// <summary>Builds the predictions (scores, reasons, next products) of every customer at the scoring cutoff and
    /// writes predictions.csv, .parquet, profiles.bin and the KPI files from them; returns the customers scored. The
    /// scoring matrices go once the reasons are computed, before the files are written.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int WritePredictions(RunState state, CustomerFits fits, IProgress<string> progress)
    {
        var table = BuildPredictions(state, fits, progress);
        LetMatricesGo(fits);
        progress.Report("writing predictions.csv and predictions.parquet");
        PredictionsWriter.Write(table, _folder);
        state.CustomersScored = table.Count;
        return table.Count;
    }

    /// <summary>The predictions table; a method of its own, so the references it takes to the scoring cutoff end with it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Predictions BuildPredictions(RunState state, CustomerFits fits, IProgress<string> progress)
    {
        var mainFrame = fits.Scoring?.Frame ?? fits.EarlyMain!;
        progress.Report(string.Create(CultureInfo.InvariantCulture, $"predictions and reasons for {mainFrame.Count:N0} customers"));
        // The next products are read from the warehouse (one managed pass over every customer's picks) on a thread of
        // their own while the churn reasons are computed on the others; the table takes them once the reasons are done.
        var ids = mainFrame.Ids;
        var next = Task.Factory.StartNew(() => ReadNextProducts(state, ids), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            var table = Predictions.Build(mainFrame, fits.Outcomes, fits.Scoring?.Lifetime, _options.HorizonDays, () => next.GetAwaiter().GetResult());
            table.EarlyHighValue = fits.Early is null ? null : EarlyScores(mainFrame.Ids, fits.Early);
            return table;
        }
        finally
        {
            // On a failure too, the read (and its connection) ends before the step does.
            ((IAsyncResult)next).AsyncWaitHandle.WaitOne();
        }
    }

    /// <summary>The outcomes without the candidates' predictions of the test rows, which only metrics.json reads.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForgetTestPredictions(CustomerFits fits)
    {
        foreach (var task in new List<string>(fits.Outcomes.Keys))
        {
            fits.Outcomes[task] = TaskRunner.WithoutTestPredictions(fits.Outcomes[task]);
        }
    }

    /// <summary>Drops the fits' references to the scoring cutoffs' matrices (the scoring frame, its lifetime outputs
    /// and the scores stay with the predictions).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LetMatricesGo(CustomerFits fits)
    {
        foreach (var task in new List<string>(fits.Outcomes.Keys))
        {
            fits.Outcomes[task] = fits.Outcomes[task] with { ExplainerMatrix = null, Explainer = null, ScoringData = null };
        }

        fits.Early = null;
        fits.Scoring = null;
        fits.EarlyMain = null;
    }

    /// <summary>One full, compacting collection that also compacts the large-object heap (where matrices' columns and
    /// score arrays live) and decommits what it frees, so the process's resident size falls.</summary>
    internal static void HandBackHeap() => StageMemory.Release(thresholdBytes: 0);

    /// <summary>The warehouse for the models stage's reads: the matrices live in managed arrays, so DuckDB's buffer pool is
    /// kept small (<see cref="WarehouseFile.ReadingMemoryLimit"/>) and the two do not add up to twice the data.</summary>
    private DuckDbConnection OpenWarehouse() => WarehouseFile.Open(_options.WarehousePath, readOnly: true, WarehouseFile.ReadingMemoryLimit());

    /// <summary>The cross-sell stage's next products at the scoring cutoff in the order of <paramref name="ids"/>, or null
    /// when it wrote none; streamed from the warehouse, whose connection closes before the files are written.</summary>
    private ProductSuggestion[][]? ReadNextProducts(RunState state, string[] ids)
    {
        if (state.CrossSellKey.Length == 0)
        {
            return null;
        }

        using var connection = OpenWarehouse();
        return NextProducts.ReadFor(connection, state.ScoringCutoff, ids);
    }

    private (CutoffData Early, CutoffData Train, CutoffData Score) Load(DuckDbConnection connection, DateOnly scoring, int h, List<double> horizons, IProgress<string> progress)
    {
        progress.Report(string.Create(CultureInfo.InvariantCulture, $"loading features and lifetime outputs at three cutoffs ({h}-day labels)"));
        var earliest = scoring.AddDays(-2 * h);
        // Each cutoff streams from the warehouse into its float matrix; only the few columns read outside the matrix
        // stay as values. The training cutoff comes first: its schemas fix the columns and category levels of the
        // other two.
        var train = Prepare(scoring.AddDays(-h), null, null);

        // The earlier cutoff only fits the out-of-time models, at most --max-train-rows of its customers: one seeded
        // sample, stratified by the churn label (whose classes are also repeat's and the zero spend of CLV), serves
        // every task of the horizon. The sample is drawn from the labels, read before the features, so its matrices
        // and lifetime outputs are read for the sampled rows alone; the frame keeps every customer.
        var early = Prepare(earliest, train, labels => RowSample.Stratified(labels[TaskSpec.Get("churn").Label], _options.MaxTrainingRows, _options.Seed));
        if (early.MatrixRows is not null)
        {
            early = early.ForOutOfTimeFits();
        }

        var score = Prepare(scoring, train, null).ForScoring();
        return (early, train, score);

        CutoffData Prepare(DateOnly cutoff, CutoffData? reference, Func<IReadOnlyDictionary<string, double[]>, int[]?>? sample)
        {
            // The customers of the other two cutoffs are mostly the training cutoff's: their ids are its strings.
            var inputs = CustomerFrame.LoadInputs(connection, cutoff, h, reference?.Plain.Schema, CutoffData.KeptColumns, reference?.Frame.Ids, sample);
            return CutoffData.FromInputs(inputs, Lifetime(cutoff, inputs.MatrixIds()), reference);
        }

        LifetimeScores? Lifetime(DateOnly cutoff, IReadOnlyList<string> customers)
        {
            var fitted = LifetimeScores.Read(connection, cutoff, customers, horizons, out var failure);
            if (failure is not null)
            {
                progress.Report("lifetime: " + failure);
            }

            return fitted;
        }
    }

    /// <summary>Why the customer tasks of horizon <paramref name="h"/> cannot be judged out of time, or null when they can.</summary>
    private static string? TooFewCustomers(DuckDbConnection connection, DateOnly scoring, int h)
    {
        var earliest = scoring.AddDays(-2 * h);
        var count = CustomerFrame.CountAt(connection, earliest);
        return count >= MinimumRows
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"too few customers: {count:N0} bought before {earliest:yyyy-MM-dd}, and judging a model out of time needs at least {MinimumRows} customers with history of at least twice the horizon ({2 * h} days) before the scoring cutoff {scoring:yyyy-MM-dd}; use a shorter --horizon or a later --cutoff, or more history");
    }

    private static TaskSummary Summarise(TaskOutcome outcome)
    {
        var spec = outcome.Spec;
        return new TaskSummary(spec.Name, outcome.Chosen.Candidate.Name, spec.PrimaryMetric, outcome.Chosen.OutOfTime?.Get(spec.PrimaryMetric),
            outcome.Baseline.Candidate.Name, outcome.Baseline.OutOfTime?.Get(spec.PrimaryMetric), spec.SecondaryMetric, outcome.Chosen.OutOfTime?.Get(spec.SecondaryMetric))
        {
            BaselineKept = outcome.Choice.BaselineKept ? outcome.Choice.Reason : null,
        };
    }
}
