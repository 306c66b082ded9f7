using System.Text.Json;

namespace Patron.Cli.Tests;

/// <summary><c>patron drift</c> through the program's entry point on a generated shop.</summary>
public sealed class DriftCommandTests(RunShopFixture fixture) : IClassFixture<RunShopFixture>
{
    [Fact]
    public void Drift_TwoCutoffsOfAShop_WritesJsonAndHtmlAndExitsByTheVerdict()
    {
        var db = Path.Combine(fixture.Root, "drift.duckdb");
        Assert.True(RunShopFixture.Patron("ingest", "--source", "generic", fixture.Shop.OutputDirectory, "--db", db, "--json").Code == 0);
        foreach (var cutoff in new[] { "2026-04-01", "2026-07-01" })
        {
            var built = RunShopFixture.Patron("features", "--db", db, "--cutoff", cutoff, "--no-kpis", "--no-sessions", "--json");
            Assert.True(built.Code == 0, built.Error);
        }

        var json = Path.Combine(fixture.Root, "drift.json");
        var html = Path.Combine(fixture.Root, "drift.html");

        var (code, output, error) = RunShopFixture.Patron("drift", "--db", db, "--reference-cutoff", "2026-04-01", "--cutoff", "2026-07-01", "--json", json, "--html", html);

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        var drifted = root.GetProperty("drifted").GetBoolean();
        Assert.True(code == (drifted ? 3 : 0), $"exit code {code} for drifted = {drifted}: {error}");
        Assert.True(root.GetProperty("features").GetArrayLength() > 40);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("drifted_share").ValueKind);
        Assert.Contains("columns drifted", output, StringComparison.Ordinal);
        Assert.StartsWith("<!doctype html>", File.ReadAllText(html), StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_CutoffNotBuilt_FailsNamingTheCutoff()
    {
        var db = Path.Combine(fixture.Root, "drift-missing.duckdb");
        Assert.True(RunShopFixture.Patron("ingest", "--source", "generic", fixture.Shop.OutputDirectory, "--db", db, "--json").Code == 0);
        Assert.True(RunShopFixture.Patron("features", "--db", db, "--cutoff", "2026-07-01", "--no-kpis", "--no-sessions", "--json").Code == 0);

        var (code, _, error) = RunShopFixture.Patron("drift", "--db", db, "--reference-cutoff", "2026-01-01", "--cutoff", "2026-07-01", "--json", Path.Combine(fixture.Root, "x.json"));

        Assert.Equal(1, code);
        Assert.Contains("2026-01-01", error, StringComparison.Ordinal);
    }
}
