using System.Text.Json;
using Patron.DuckDb;
using Patron.Warehouse;

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
    public void Features_WithoutALimit_RunsUnderTheFeaturesStageCeilingThroughout()
    {
        var db = Path.Combine(fixture.Root, "ceilings.duckdb");
        var ingest = RunShopFixture.Patron("ingest", "--source", "generic", fixture.Shop.OutputDirectory, "--db", db, "--json");
        Assert.True(ingest.Code == 0, ingest.Error);
        var noLimit = new Dictionary<string, string?> { [WarehouseFile.MemoryLimitVariable] = null };

        var (code, output, error) = RunShopFixture.Patron(noLimit, "features", "--db", db, "--cutoff", "2026-07-01", "--no-kpis", "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var limits = json.RootElement.GetProperty("memory_limits");
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var stage = Reported(WarehouseFile.CappedMemoryLimit(null, available, WarehouseFile.FeaturesLimitCeilingBytes));

        // One limit for both sides: the session gold runs under the limit the customer side ran under.
        Assert.Equal(stage, limits.GetProperty("customer_gold").GetString());
        Assert.Equal(stage, limits.GetProperty("session_gold").GetString());

        // Not the general default: on a machine with more than 10 GiB the ceiling is below it (on a small one both are
        // the same quarter of memory).
        if (available / 4 > WarehouseFile.FeaturesLimitCeilingBytes)
        {
            Assert.NotEqual(Reported(WarehouseFile.DefaultMemoryLimit(available)), stage);
        }
    }

    [Theory]
    [InlineData("300MB", null)]
    [InlineData(null, "300MB")]
    public void Features_AUsersLimit_HoldsForCustomerAndSessionGold(string? option, string? variable)
    {
        var db = Path.Combine(fixture.Root, $"limit-{option ?? "env"}.duckdb");
        var ingest = RunShopFixture.Patron("ingest", "--source", "generic", fixture.Shop.OutputDirectory, "--db", db, "--json");
        Assert.True(ingest.Code == 0, ingest.Error);
        var environment = new Dictionary<string, string?> { [WarehouseFile.MemoryLimitVariable] = variable };
        string[] args = option is null
            ? ["features", "--db", db, "--cutoff", "2026-07-01", "--no-kpis", "--json"]
            : ["features", "--db", db, "--cutoff", "2026-07-01", "--no-kpis", "--memory-limit", option, "--json"];

        var (code, output, error) = RunShopFixture.Patron(environment, args);

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var limits = json.RootElement.GetProperty("memory_limits");
        var asked = Reported("300MB");
        Assert.Equal(asked, limits.GetProperty("customer_gold").GetString());
        Assert.Equal(asked, limits.GetProperty("session_gold").GetString());
    }

    /// <summary>How DuckDB reports <paramref name="limit"/> back (e.g. 2 GiB as "1.9 GiB").</summary>
    private static string Reported(string limit)
    {
        using var connection = DuckDbConnection.Open(DuckDbDatabase.InMemoryPath, new DuckDbConfig { MemoryLimit = limit });
        return connection.Scalar<string>("SELECT current_setting('memory_limit');")!;
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
