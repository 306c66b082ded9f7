using System.Text.Json;
using Patron.Features.Frames;
using Patron.Features.Lifetime;
using Patron.Learning;
using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Linear;
using Patron.Learning.Selection;
using Patron.Pipeline.Data;
using Patron.Pipeline.Output;
using Patron.Pipeline.Tasks;
using Patron.Pipeline.Tests.Support;
using Patron.Warehouse;

namespace Patron.Pipeline.Tests.Tasks;

public sealed class TaskRunnerTests(DemoRunFixture fixture) : IClassFixture<DemoRunFixture>
{
    [Fact]
    public void Run_Churn_ModelBeatsBaselineAndScoresEveryCustomer()
    {
        var (early, train, score) = Load(fixture.Options.HorizonDays);
        var spec = TaskSpec.Get("churn");

        var outcome = TaskRunner.Run(spec, early, train, score, fixture.Options.HorizonDays, fixture.Options, null);

        Assert.False(outcome.Choice.BaselineKept);
        Assert.Equal(["baseline_recency", "logistic", "gbdt"], outcome.Results.Take(3).Select(r => r.Candidate.Name));
        Assert.EndsWith("_blend", outcome.Results[3].Candidate.Name, StringComparison.Ordinal);
        Assert.True(outcome.Chosen.OutOfTime!.PrAuc > outcome.Baseline.OutOfTime!.PrAuc);
        Assert.Equal(score.Frame.Count, outcome.Scores.Length);
        Assert.NotNull(outcome.Model);
        Assert.NotNull(outcome.Explainer);
        Assert.NotEmpty(outcome.GlobalDrivers);
        Assert.Equal(train.Frame.Count, outcome.TestRows);

        // Only the curves' two candidates keep their predictions of the test rows (metrics.json reads no other).
        Assert.Equal(train.Frame.Count, outcome.Chosen.OutOfTimePredictions!.Length);
        Assert.Equal(train.Frame.Count, outcome.Baseline.OutOfTimePredictions!.Length);
        Assert.All(outcome.Results.Where(r => !ReferenceEquals(r, outcome.Chosen) && !ReferenceEquals(r, outcome.Baseline)), r => Assert.Null(r.OutOfTimePredictions));
        Assert.All(outcome.Results, r => Assert.Null(r.Folds));
    }

    [Fact]
    public void Run_ModelMustLose_BaselineKeptInOutcomeMetricsAndSummary()
    {
        var (early, train, score) = Load(fixture.Options.HorizonDays);
        var spec = TaskSpec.Get("high_value");

        // The only model predicts one value for everyone: it cannot rank, so past spend must win out of time, and the
        // blend of the two ranks exactly like past spend: a tie, which keeps the baseline.
        var outcome = TaskRunner.Run(spec, early, train, score, fixture.Options.HorizonDays, fixture.Options, null, data =>
            [Candidates.For(spec, fixture.Options, fixture.Options.HorizonDays, data, null)[0], ModelCandidate.ForLearner("constant", "one probability for all", new ConstantLearner())]);

        Assert.True(outcome.Choice.BaselineKept);
        Assert.Equal("baseline_past_spend", outcome.Chosen.Candidate.Name);
        Assert.Null(outcome.Model);
        Assert.Equal(score.Frame.Count, outcome.Scores.Length);
        Assert.All(outcome.Scores, s => Assert.InRange(s, 0, 1));
        Assert.Contains("\"feature\": \"net_revenue\"", System.Text.Encoding.UTF8.GetString(outcome.ModelJson), StringComparison.Ordinal);

        using var folder = new TempFolder();
        var metrics = folder.File("metrics.json");
        MetricsWriter.Write(metrics, [outcome], new Dictionary<string, string>());
        using (var document = JsonDocument.Parse(File.ReadAllBytes(metrics)))
        {
            var task = document.RootElement.GetProperty("tasks").GetProperty("high_value");
            Assert.Equal("baseline_past_spend", task.GetProperty("chosen").GetString());
            Assert.True(task.GetProperty("baseline_kept").GetBoolean());
            Assert.StartsWith("baseline kept: the best model, constant_blend,", task.GetProperty("choice").GetString(), StringComparison.Ordinal);
        }

        var summaries = new List<TaskSummary>();
        RunFolderReader.ReadSummaries(metrics, summaries, []);
        Assert.Equal(outcome.Choice.Reason, Assert.Single(summaries).BaselineKept);
    }

    [Fact]
    public void Candidates_SmallShop_GetRowScaledSettingsAndTheTaskDirections()
    {
        var (early, train, score) = Load(fixture.Options.HorizonDays);
        var data = new TaskCutoffs(early, train, score, new FitRows(null, null));
        var rows = early.Frame.Count;
        Assert.InRange(rows, 500, SmallData.SmallRows - 1);

        var churn = Candidates.For(TaskSpec.Get("churn"), fixture.Options, fixture.Options.HorizonDays, data, null);
        var gbdt = Learner<GradientBoostingLearner>(churn, "gbdt").Options;
        var y = early.Frame.Labels["churn"];
        var rate = y.Average();
        Assert.Equal(3, gbdt.MaxDepth);
        Assert.Equal(SmallData.MinChildRows(rows) * rate * (1 - rate), gbdt.MinChildWeight, 9);
        Assert.Equal(SmallData.LambdaRows(rows) * rate * (1 - rate), gbdt.Lambda, 9);
        Assert.Equal(1, gbdt.MonotoneConstraints!["days_since_last_order"]);
        Assert.Equal(-1, gbdt.MonotoneConstraints["orders"]);
        Assert.Equal(-1, gbdt.MonotoneConstraints["net_revenue"]);
        Assert.Equal(SmallData.LogisticC(rows), Learner<LogisticRegressionLearner>(churn, "logistic").Options.C);
        Assert.Contains("monotone in +days_since_last_order", churn.Single(c => c.Name == "gbdt").Description, StringComparison.Ordinal);

        var clv = Candidates.For(TaskSpec.Get("clv"), fixture.Options, fixture.Options.HorizonDays, data, null);
        foreach (var name in new[] { "gbdt_tweedie", "gbdt_tweedie_lifetime" })
        {
            var options = Learner<GradientBoostingLearner>(clv, name).Options;
            Assert.Equal(1, options.MonotoneConstraints!["net_revenue"]);
            Assert.Equal(-1, options.MonotoneConstraints["days_since_last_order"]);
            Assert.True(options.MinChildWeight > 20, $"{name}: a leaf holds at least 20 rows' worth of Tweedie hessian, got {options.MinChildWeight}");
        }
    }

    [Fact]
    public void Candidates_ChurnTrees_AreMonotoneInRecencyAndOrders()
    {
        var (early, train, score) = Load(fixture.Options.HorizonDays);
        var data = new TaskCutoffs(early, train, score, new FitRows(null, null));
        var learner = Learner<GradientBoostingLearner>(Candidates.For(TaskSpec.Get("churn"), fixture.Options, fixture.Options.HorizonDays, data, null), "gbdt");
        var model = learner.Fit(early.Plain, early.Frame.Labels["churn"], []);
        var x = score.Plain;

        foreach (var (feature, direction) in new[] { ("days_since_last_order", 1), ("orders", -1) })
        {
            var j = x.Schema.IndexOf(feature);
            for (var row = 0; row < 40; row++)
            {
                var columns = new float[x.ColumnCount][];
                for (var k = 0; k < columns.Length; k++)
                {
                    columns[k] = new float[50];
                    for (var step = 0; step < 50; step++)
                    {
                        columns[k][step] = k == j ? step * (feature == "orders" ? 1f : 15f) : x.Column(k)[row];
                    }
                }

                var p = new double[50];
                model.Predict(FeatureMatrix.Create(x.Schema, columns), p);
                for (var step = 1; step < p.Length; step++)
                {
                    Assert.True(direction * (p[step] - p[step - 1]) >= -1e-12, $"{feature} row {row} step {step}: {p[step - 1]} then {p[step]}");
                }
            }
        }
    }

    private static T Learner<T>(IReadOnlyList<ModelCandidate> candidates, string name) =>
        Assert.IsType<T>(candidates.Single(c => c.Name == name).Learner);

    [Fact]
    public void Run_Repeat_OutcomeHoldsNoCutoffButTheScoredOne()
    {
        var (outcome, early, train) = RunLettingGo("repeat");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // The baseline's and the lifetime scorer's closures held the task's cutoffs; the outcome keeps their names,
        // roles and metrics, and its choice points at its own results, but nothing that reaches the earlier or
        // training cutoff, so those go as soon as no other task needs them.
        Assert.False(early.IsAlive, "the earlier cutoff is still reachable from the outcome");
        Assert.False(train.IsAlive, "the training cutoff is still reachable from the outcome");
        Assert.All(outcome.Results, r => Assert.Null(r.Candidate.Scorer));
        Assert.Contains(outcome.Results, r => r.Candidate.Role == CandidateRole.Scorer && r.OutOfTime is not null);
        Assert.Contains(outcome.Results, r => ReferenceEquals(r, outcome.Chosen));
        Assert.Same(outcome.Results[0], outcome.Baseline);
        Assert.NotNull(outcome.ScoringData);
    }

    [Fact]
    public void WithoutTestPredictions_Churn_MetricsChoiceAndScoresKeptThePredictionsGone()
    {
        var (slim, chosenPredictions, metrics) = RunForgettingTestPredictions("churn");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // metrics.json was written from the whole outcome; what the predictions and the summaries read after it stays.
        Assert.False(chosenPredictions.IsAlive, "the chosen candidate's test-row predictions are still reachable");
        Assert.All(slim.Results, r => Assert.Null(r.OutOfTimePredictions));
        Assert.All(slim.Results, r => Assert.Null(r.Folds));
        Assert.All(slim.Results, r => Assert.NotNull(r.OutOfTime));
        Assert.Contains(slim.Results, r => ReferenceEquals(r, slim.Chosen));
        Assert.Same(slim.Results[0], slim.Baseline);
        Assert.Equal(metrics, slim.Results.Select(r => r.OutOfTime!.PrAuc ?? double.NaN).ToArray());
        Assert.Equal(slim.Scores.Length, slim.ScoringData!.Frame.Count);
        Assert.NotNull(slim.Explainer);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private (TaskOutcome Slim, WeakReference ChosenPredictions, double[] Metrics) RunForgettingTestPredictions(string task)
    {
        var (early, train, score) = Load(fixture.Options.HorizonDays);
        var outcome = TaskRunner.Run(TaskSpec.Get(task), early, train, score, fixture.Options.HorizonDays, fixture.Options, null);
        Assert.NotNull(outcome.Chosen.OutOfTimePredictions);
        return (TaskRunner.WithoutTestPredictions(outcome), new WeakReference(outcome.Chosen.OutOfTimePredictions),
            outcome.Results.Select(r => r.OutOfTime!.PrAuc ?? double.NaN).ToArray());
    }

    // The cutoffs are loaded and let go in a frame of their own, so only the outcome can still reach them.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private (TaskOutcome Outcome, WeakReference Early, WeakReference Train) RunLettingGo(string task)
    {
        var (early, train, score) = Load(fixture.Options.HorizonDays);
        var outcome = TaskRunner.Run(TaskSpec.Get(task), early, train, score, fixture.Options.HorizonDays, fixture.Options, null);
        return (outcome, new WeakReference(early), new WeakReference(train));
    }

    private (CutoffData Early, CutoffData Train, CutoffData Score) Load(int h)
    {
        using var connection = WarehouseFile.Open(fixture.Options.WarehousePath, readOnly: true);
        var scoring = fixture.Summary.ScoringCutoff;
        var train = Prepare(scoring.AddDays(-h), null);
        return (Prepare(scoring.AddDays(-2 * h), train), train, Prepare(scoring, train));

        CutoffData Prepare(DateOnly cutoff, CutoffData? reference)
        {
            var frame = CustomerFrame.Load(connection, cutoff, h);
            var lifetime = LifetimeScores.Read(connection, frame, [h], out _);
            return reference is null ? CutoffData.Reference(frame, lifetime) : CutoffData.Like(reference, frame, lifetime);
        }
    }

    private sealed class ConstantLearner : ILearner<IPredictor>
    {
        public IPredictor Fit(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight) => new Constant(x.Schema);
    }

    private sealed class Constant(FeatureSchema schema) : IPredictor
    {
        public FeatureSchema Schema => schema;

        public TaskKind Task => TaskKind.Binary;

        public void PredictRaw(FeatureMatrix x, Span<double> output) => output.Clear();

        public void Predict(FeatureMatrix x, Span<double> output) => output.Fill(0.5);
    }
}
