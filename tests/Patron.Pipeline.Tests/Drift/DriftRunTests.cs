using System.Text.Json;
using Patron.Demo;

namespace Patron.Pipeline.Tests.Drift;

public sealed class DriftRunTests
{
    [Fact]
    public void Run_SmallShop_RecordsDriftHistoryAndAdviceInMetricsAndReport()
    {
        using var folder = new TempFolder();
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = folder.Folder("shop"), Customers = 1_500, Seed = 21 });
        var options = new PipelineOptions
        {
            Source = "generic",
            Input = shop.OutputDirectory,
            OutputDirectory = folder.Folder("run"),
            Tasks = ["churn"],
            BoostingRounds = 40,
            Seed = 3,
        };

        var lines = new List<PipelineProgress>();
        new PipelineRunner(options, new Recorder(lines)).Run();

        var run = options.OutputDirectory;
        Assert.True(File.Exists(Path.Combine(run, "drift.json")));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        var root = metrics.RootElement;
        var drift = root.GetProperty("drift");
        Assert.True(drift.GetProperty("judged_columns").GetInt32() > 40);
        var churnScore = Assert.Single(drift.GetProperty("scores").EnumerateArray());
        Assert.Equal("churn", churnScore.GetProperty("task").GetString());
        var history = root.GetProperty("metric_history").GetProperty("churn");
        Assert.Equal(1, history.GetArrayLength());
        Assert.Equal("pr_auc", history[0].GetProperty("metric").GetString());
        var retrain = root.GetProperty("retrain");
        Assert.Equal(retrain.GetProperty("recommended").GetBoolean(), retrain.GetProperty("reasons").GetArrayLength() > 0);
        Assert.True(root.GetProperty("tasks").TryGetProperty("churn", out _), "the models' metrics stay as they were");
        using (var warehouse = Patron.Warehouse.WarehouseFile.Open(Path.Combine(run, "patron.duckdb"), readOnly: true))
        {
            // The stage took the models stage's scores at the scoring cutoff; scoring both cutoffs afresh from the saved
            // models gives the same drift.json, byte for byte.
            var reference = DateOnly.Parse(drift.GetProperty("reference_cutoff").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var cutoff = DateOnly.Parse(drift.GetProperty("cutoff").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var fresh = Patron.Pipeline.Drift.DriftComparison.Compare(warehouse, reference, cutoff, Path.Combine(run, "models"), new Patron.Learning.Drift.DriftOptions());
            var again = Path.Combine(run, "drift-again.json");
            Patron.Pipeline.Drift.DriftJson.WriteFile(fresh, again);
            Assert.Equal(File.ReadAllBytes(again), File.ReadAllBytes(Path.Combine(run, "drift.json")));
        }

        Assert.Contains(lines, l => l.Stage == "drift" && l.Message.Contains("taken from the models stage", StringComparison.Ordinal));
        using var runJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json")));
        Assert.Contains(runJson.RootElement.GetProperty("stages").EnumerateArray(), s => s.GetProperty("name").GetString() == "drift");
        Assert.Contains("Drift and retraining", File.ReadAllText(Path.Combine(run, "report.html")), StringComparison.Ordinal);
    }

    private sealed class Recorder(List<PipelineProgress> lines) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => lines.Add(value);
    }
}
