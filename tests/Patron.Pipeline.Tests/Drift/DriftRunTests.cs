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

        new PipelineRunner(options).Run();

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
        using var runJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json")));
        Assert.Contains(runJson.RootElement.GetProperty("stages").EnumerateArray(), s => s.GetProperty("name").GetString() == "drift");
        Assert.Contains("Drift and retraining", File.ReadAllText(Path.Combine(run, "report.html")), StringComparison.Ordinal);
    }
}
