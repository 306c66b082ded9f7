using System.Text.Json;
using Patron.Demo;
using Patron.Features.Early;
using Patron.Pipeline.Output;
using Patron.Warehouse;

namespace Patron.Pipeline.Tests;

/// <summary>A run with only the early_high_value task and a campaigns file, over a generated shop of two years.</summary>
public sealed class EarlyHighValueRunTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void Run_EarlyTaskAndCampaigns_ScoresTheNewCustomersOnlyAndEstimatesTheLift()
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = _temp.Folder("shop"), Customers = 4_000, Seed = 3 });
        var campaigns = _temp.File("campaigns.csv");
        File.WriteAllText(campaigns, "name,start,end\nAugust sale,2026-08-10,2026-08-16\nNew year,2025-12-27,2026-01-02\nNot yet,2026-12-01,2026-12-07\n");
        var options = new PipelineOptions
        {
            Source = "generic",
            Input = shop.OutputDirectory,
            OutputDirectory = _temp.Folder("run"),
            Tasks = ["early_high_value"],
            EarlyHorizonDays = 120,
            BoostingRounds = 40,
            Seed = 3,
            Campaigns = campaigns,
        };

        var summary = new PipelineRunner(options).Run();

        Assert.False(summary.SkippedTasks.ContainsKey("early_high_value"), summary.SkippedTasks.GetValueOrDefault("early_high_value"));
        var task = Assert.Single(summary.Tasks);
        Assert.Equal("early_high_value", task.Task);
        Assert.Equal("baseline_first_order", task.Baseline);
        Assert.Equal("roc_auc", task.PrimaryMetric);

        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(summary.RunFolder, "metrics.json")));
        var early = metrics.RootElement.GetProperty("tasks").GetProperty("early_high_value");
        Assert.Equal(120, early.GetProperty("horizon_days").GetInt32());
        Assert.Equal("early_top25", early.GetProperty("second_label").GetProperty("label").GetString());
        Assert.InRange(early.GetProperty("second_label").GetProperty("chosen_roc_auc").GetDouble(), 0.5, 1.0);

        // The column is filled for exactly the customers new in the 30 days before the scoring cutoff.
        long cohort;
        using (var connection = WarehouseFile.Open(options.WarehousePath, readOnly: true))
        {
            cohort = EarlyFeatureBuilder.CountAt(connection, summary.ScoringCutoff);
        }

        using var predictions = RunTable.ReadCsv(Path.Combine(summary.RunFolder, "predictions.csv"), name => name == "early_high_value_probability");
        var probabilities = predictions.Numbers("early_high_value_probability");
        Assert.Equal(summary.CustomersScored, probabilities.Length);
        Assert.Equal(cohort, probabilities.Count(p => !double.IsNaN(p)));
        Assert.True(cohort > 20 && cohort < probabilities.Length / 4, $"{cohort} new customers among {probabilities.Length}");
        Assert.All(probabilities.Where(p => !double.IsNaN(p)), p => Assert.InRange(p, 0, 1));

        var report = File.ReadAllText(Path.Combine(summary.RunFolder, "report.html"));
        Assert.Contains("New customers who may become top spenders", report, StringComparison.Ordinal);
        Assert.Contains("chart-daily-revenue", report, StringComparison.Ordinal);
        Assert.Contains("<title>August sale: 2026-08-10 to 2026-08-16</title>", report, StringComparison.Ordinal);
        var lift = File.ReadAllLines(Path.Combine(summary.RunFolder, "kpi", "campaign_lift.csv"));
        Assert.Equal(4, lift.Length);
        Assert.StartsWith("August sale,2026-08-10,2026-08-16,7,56,", lift[1], StringComparison.Ordinal);
        Assert.EndsWith("no day of the campaign is in the daily revenue", lift[3], StringComparison.Ordinal);
        Assert.Contains("lift of 2 of 3 campaigns", summary.Stages.Single(s => s.Name == "kpi").Detail, StringComparison.Ordinal);

        // Same inputs: every stage is reused; another campaigns file redoes the KPI stage alone.
        File.WriteAllText(campaigns, "name,start,end\nAugust sale,2026-08-10,2026-08-12\n");
        var again = new PipelineRunner(options).Run();
        Assert.Equal(StageRecord.Skipped, again.Stages.Single(s => s.Name == "models").Status);
        Assert.Equal(StageRecord.Done, again.Stages.Single(s => s.Name == "kpi").Status);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(summary.RunFolder, "kpi", "campaign_lift.csv")).Length);
    }

    [Fact]
    public void Run_OneYearHorizonOnTwoYearsOfHistory_EarlyTaskSkippedWithTheReason()
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = _temp.Folder("shop"), Customers = 400, Seed = 4 });
        var options = new PipelineOptions
        {
            Source = "generic",
            Input = shop.OutputDirectory,
            OutputDirectory = _temp.Folder("run"),
            Tasks = ["churn", "early_high_value"],
            BoostingRounds = 20,
        };

        var summary = new PipelineRunner(options).Run();

        Assert.Contains("too few new customers", summary.SkippedTasks["early_high_value"], StringComparison.Ordinal);
        Assert.Contains("churn", summary.Tasks.Select(t => t.Task));
        var header = File.ReadLines(Path.Combine(summary.RunFolder, "predictions.csv")).First();
        Assert.DoesNotContain("early_high_value_probability", header, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
