using System.Text.Json;
using Patron.Features.Frames;
using Patron.Features.Lifetime;
using Patron.Learning;
using Patron.Learning.Data;
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
