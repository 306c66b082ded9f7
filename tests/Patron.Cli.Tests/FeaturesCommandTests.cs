using System.Text.Json;

namespace Patron.Cli.Tests;

/// <summary><c>patron features</c> through the program's entry point: customer gold and, when silver has web sessions, session gold.</summary>
public sealed class FeaturesCommandTests(RunShopFixture fixture) : IClassFixture<RunShopFixture>
{
    [Fact]
    public void Features_ShopWithSessions_BuildsCustomerAndSessionGold()
    {
        var db = Path.Combine(fixture.Root, "features.duckdb");
        var ingest = RunShopFixture.Patron("ingest", "--source", "generic", fixture.Shop.OutputDirectory, "--db", db, "--json");
        Assert.True(ingest.Code == 0, ingest.Error);

        var (code, output, error) = RunShopFixture.Patron("features", "--db", db, "--cutoff", "2026-07-01", "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("results")[0].GetProperty("customers").GetInt64() > 100);
        var sessions = json.RootElement.GetProperty("sessions");
        Assert.True(sessions.GetProperty("sessions").GetInt64() > 100, "the demo shop writes sessions.csv, so session gold must be built");
        Assert.True(sessions.GetProperty("purchases").GetInt64() > 0);
    }

    [Fact]
    public void Features_NoSessionsFlag_LeavesSessionGoldOut()
    {
        var db = Path.Combine(fixture.Root, "no-sessions.duckdb");
        var ingest = RunShopFixture.Patron("ingest", "--source", "generic", fixture.Shop.OutputDirectory, "--db", db, "--json");
        Assert.True(ingest.Code == 0, ingest.Error);

        var (code, output, error) = RunShopFixture.Patron("features", "--db", db, "--cutoff", "2026-07-01", "--no-sessions", "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("sessions").ValueKind);
    }
}
