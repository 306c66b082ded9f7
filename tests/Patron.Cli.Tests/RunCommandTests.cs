using System.Globalization;
using System.Text.Json;
using Patron.Pipeline;

namespace Patron.Cli.Tests;

/// <summary><c>patron run</c> through the program's entry point on a small generated shop.</summary>
public sealed class RunCommandTests(RunShopFixture fixture) : IClassFixture<RunShopFixture>
{
    private static readonly string[] Stages = ["ingest", "quality", "features", "cross_sell", "models", "drift", "kpi", "dashboard", "runs_store", "report"];

    [Fact]
    public void Run_SmallShopWithJson_PrintsTheStagesAndTasksAsJson()
    {
        var folder = Path.Combine(fixture.Root, "json");

        var (code, output, error) = RunShopFixture.Patron(Arguments(folder));

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(Stages, Names(root.GetProperty("stages"), "name"));
        Assert.All(root.GetProperty("stages").EnumerateArray(), s => Assert.Equal(StageRecord.Done, s.GetProperty("status").GetString()));
        Assert.Equal(["churn", "clv"], Names(root.GetProperty("tasks"), "task"));
        foreach (var task in root.GetProperty("tasks").EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(task.GetProperty("chosen").GetString()));
            Assert.StartsWith("baseline_", task.GetProperty("baseline").GetString(), StringComparison.Ordinal);
            Assert.True(task.GetProperty("value").GetDouble() > 0);
        }

        Assert.True(root.GetProperty("customers_scored").GetInt64() > 500);
        Assert.Equal(root.GetProperty("scoring_cutoff").GetString(), DateOnly.Parse(root.GetProperty("training_cutoff").GetString()!, CultureInfo.InvariantCulture).AddDays(90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.True(File.Exists(Path.Combine(folder, "predictions.csv")));
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public void Run_SameArgumentsTwice_SkipsEveryUnchangedStage()
    {
        var folder = Path.Combine(fixture.Root, "rerun");
        var first = RunShopFixture.Patron(Arguments(folder));
        Assert.True(first.Code == 0, first.Error);
        var predictions = File.ReadAllBytes(Path.Combine(folder, "predictions.csv"));

        var (code, output, error) = RunShopFixture.Patron(Arguments(folder));

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var status = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stage in json.RootElement.GetProperty("stages").EnumerateArray())
        {
            status[stage.GetProperty("name").GetString()!] = stage.GetProperty("status").GetString()!;
        }

        foreach (var stage in new[] { "ingest", "quality", "features", "cross_sell", "models", "kpi", "dashboard" })
        {
            Assert.Equal(StageRecord.Skipped, status[stage]);
        }

        Assert.Equal(2, json.RootElement.GetProperty("tasks").GetArrayLength());
        Assert.Equal(predictions, File.ReadAllBytes(Path.Combine(folder, "predictions.csv")));
    }

    [Fact]
    public void Run_UnknownTask_FailsNamingItAndTheKnownTasks()
    {
        var folder = Path.Combine(fixture.Root, "bad-task");

        var (code, output, error) = RunShopFixture.Patron("run", "--source", "generic", fixture.Shop.OutputDirectory, "--out", folder, "--tasks", "churn,churm", "--json");

        Assert.Equal(PatronCommandLine.FailureExitCode, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("'churm'", error, StringComparison.Ordinal);
        Assert.Contains("churn, repeat, high_value, clv", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Run_CutoffWithTooLittleHistory_SkipsTheTaskAskingForALaterCutoffOrShorterHorizon()
    {
        var folder = Path.Combine(fixture.Root, "early");

        // Two horizons before this cutoff the shop had not opened: nothing to learn out of time. The run still
        // completes (quality, KPIs, report) and says why the task was skipped.
        var (code, output, error) = RunShopFixture.Patron("run", "--source", "generic", fixture.Shop.OutputDirectory, "--out", folder, "--tasks", "churn",
            "--cutoff", fixture.Options.EffectiveStart.AddDays(120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var reason = json.RootElement.GetProperty("skipped_tasks").GetProperty("churn").GetString()!;
        Assert.StartsWith("too few customers: ", reason, StringComparison.Ordinal);
        Assert.Contains("--cutoff", reason, StringComparison.Ordinal);
        Assert.Contains("--horizon", reason, StringComparison.Ordinal);
        Assert.Contains(reason, File.ReadAllText(Path.Combine(folder, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_IngestFlagsOnARealFormatSample_CompletesWithTheReport()
    {
        var folder = Path.Combine(fixture.Root, "retail-sample");

        var (code, output, error) = RunShopFixture.Patron("run", "--source", "online-retail", TestData.OnlineRetailSamples, "--out", folder,
            "--keep-orphans", "--quarantine-outliers", "--date-order", "mdy", "--shop-opened", "2010-01-01", "--tasks", "churn", "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.All(json.RootElement.GetProperty("stages").EnumerateArray(), s => Assert.Equal(StageRecord.Done, s.GetProperty("status").GetString()));
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public void Run_BadShopOpened_FailsBeforeAnyWork()
    {
        var folder = Path.Combine(fixture.Root, "bad-opened");

        var (code, _, error) = RunShopFixture.Patron("run", "--source", "online-retail", TestData.OnlineRetailSamples, "--out", folder, "--shop-opened", "1/12/2010");

        Assert.Equal(PatronCommandLine.FailureExitCode, code);
        Assert.Contains("--shop-opened: expected a date as yyyy-MM-dd", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    private string[] Arguments(string folder) =>
        ["run", "--source", "generic", fixture.Shop.OutputDirectory, "--out", folder, "--tasks", "churn,clv", "--rounds", "30", "--folds", "2", "--seed", "4", "--json"];

    private static string[] Names(JsonElement array, string property)
    {
        var names = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            names.Add(item.GetProperty(property).GetString()!);
        }

        return [.. names];
    }
}
