using System.Text.Json;

namespace Patron.Cli.Tests.Commands;

/// <summary>The uplift workflow as a user runs it: a demo shop with an experiment, ingest, features at the start, uplift.</summary>
public sealed class UpliftCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "patron-cli-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Uplift_DemoExperiment_WritesTheListTheMeasuresAndThePage()
    {
        var shop = Path.Combine(_root, "shop");
        var db = Path.Combine(_root, "w.duckdb");
        Run("demo", "generate", "--customers", "1500", "--seed", "4", "--clean", "--sessions-per-order", "0", "--experiment", "buyers", "--out", shop, "--json");
        using (var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(shop, "truth", "experiment.json"))))
        {
            Assert.Equal("2026-07-03", truth.RootElement.GetProperty("start").GetString());
        }

        Run("ingest", shop, "--source", "generic", "--db", db);
        Run("features", "--db", db, "--cutoff", "2026-07-03", "--no-kpis");
        var assignments = Path.Combine(shop, "experiment", "assignments.csv");
        var (targets, json, html) = (Path.Combine(_root, "t.csv"), Path.Combine(_root, "u.json"), Path.Combine(_root, "u.html"));
        var output = Run("uplift", "--db", db, "--assignments", assignments, "--start", "2026-07-03", "--window", "90d", "--out", targets, "--json", json, "--html", html, "--folds", "3", "--seed", "2");

        Assert.Contains("Targeting list", output, StringComparison.Ordinal);
        Assert.Equal(File.ReadLines(assignments).Count(), File.ReadLines(targets).Count());
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var metrics = document.RootElement.GetProperty("metrics");
        Assert.Equal(2, metrics.GetArrayLength());
        foreach (var metric in metrics.EnumerateArray())
        {
            Assert.Equal(["t_learner", "x_learner"], metric.GetProperty("learners").EnumerateArray().Select(l => l.GetProperty("learner").GetString()!).ToArray());
            Assert.Equal(4, metric.GetProperty("random").GetProperty("uplift_at_k").GetArrayLength());
        }

        Assert.Contains("<svg", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Fact]
    public void Uplift_OneFold_FailsNamingTheOption()
    {
        var (code, _, error) = RunShopFixture.Patron("uplift", "--db", Path.Combine(_root, "none.duckdb"), "--assignments", Path.Combine(_root, "a.csv"), "--start", "2026-07-03", "--out", Path.Combine(_root, "t.csv"), "--folds", "1");

        Assert.NotEqual(0, code);
        Assert.Contains("--folds 1", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string Run(params string[] args)
    {
        var (code, output, error) = RunShopFixture.Patron(args);
        Assert.True(code == 0, $"patron {string.Join(' ', args)}: {error}");
        return output;
    }
}
