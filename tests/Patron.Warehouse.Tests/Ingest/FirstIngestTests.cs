using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Ingest;

/// <summary>
/// A first ingest builds the warehouse in a folder of its own beside the path and moves it there once complete: the path
/// holds the whole warehouse or nothing, and the building folder never outlives the ingest (nor a killed one's, once the
/// next first ingest into that path starts).
/// </summary>
public sealed class FirstIngestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static string[] Entries(string folder) => Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void FirstIngest_Succeeds_LeavesTheWarehouseAloneBesideTheExport()
    {
        using var temp = new TempFolder();
        var shop = GenericShop.Write(temp.Folder("shop"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions));
        var warehouse = temp.File("w.duckdb");

        var result = new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), shop);

        Assert.Equal(["shop", "w.duckdb"], Entries(temp.Path));
        Assert.True(result.Silver.Orders > 0);
        Assert.Equal(result.Silver.Orders, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders"));
        Assert.Equal(result.Silver.Sessions, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.sessions"));
        Assert.Equal(4, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM bronze.ingest_log"));
    }

    [Theory]
    [InlineData("reading customers.csv")]
    [InlineData("building silver: keys, duplicates and checks")]
    [InlineData("building silver: optional tables")]
    [InlineData("writing the warehouse file")]
    public void FirstIngest_FailingAtAStep_LeavesNothingAtThePathNorBesideIt(string step)
    {
        using var temp = new TempFolder();
        var shop = GenericShop.Write(temp.Folder("shop"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions));
        var warehouse = temp.File("w.duckdb");

        var error = Assert.Throws<IOException>(() => new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), shop, progress: new FailAt(step)));

        Assert.Equal("No space left on device", error.Message);
        Assert.Equal(["shop"], Entries(temp.Path));

        // The path is free for the next try, which builds the whole warehouse.
        var result = new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), shop);
        Assert.Equal(result.Silver.Orders, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders"));
    }

    [Fact]
    public void FirstIngest_RemovesTheBuildOfAnIngestWhoseProcessIsGone_KeepsOneOfARunningProcess()
    {
        using var temp = new TempFolder();
        var shop = GenericShop.Write(temp.Folder("shop"));
        var warehouse = temp.File("w.duckdb");
        var gone = Ingestor.BuildingFolder(warehouse, int.MaxValue);
        var running = Ingestor.BuildingFolder(warehouse, OperatingSystem.IsWindows() ? 4 : 1);
        var other = Ingestor.BuildingFolder(temp.File("other.duckdb"), int.MaxValue);
        foreach (var folder in new[] { gone, running, other })
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "w.duckdb"), "half-built");
        }

        new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), shop);

        Assert.False(Directory.Exists(gone), "the build of a killed ingest into the same path is removed");
        Assert.True(Directory.Exists(running), "the build of an ingest still running is left alone");
        Assert.True(Directory.Exists(other), "the build of another warehouse is left alone");
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM bronze.ingest_log WHERE file_name = 'transactions.csv'"));
    }

    [Fact]
    public void SecondIngest_IntoTheWarehouse_AppendsInPlaceWithoutABuildingFolder()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), GenericShop.Write(temp.Folder("first")));
        var more = GenericShop.Write(temp.Folder("second"), transactions: GenericShop.Csv(GenericShop.TransactionsHeader,
            ["T900,C1,P1,2,12.50,0,2024-02-01 10:00:00,card"]));

        new Ingestor(new FixedTime(Now.AddHours(1))).Ingest(warehouse, new GenericSource(), more);

        Assert.Equal(["first", "second", "w.duckdb"], Entries(temp.Path));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE order_id = 'T900'"));
    }

    [Fact]
    public void FirstIngest_BesideALogWithoutItsFile_RunsInOneTransactionOnThePath()
    {
        using var temp = new TempFolder();
        var shop = GenericShop.Write(temp.Folder("shop"));
        var warehouse = temp.File("w.duckdb");
        File.WriteAllText(warehouse + ".wal", "left by a crash");
        var steps = new Steps();

        var result = new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), shop, progress: steps);

        // A warehouse built beside the path and moved in would meet that log when next opened; the one transaction on the
        // path itself (its commit reported) is what DuckDB settles the log with.
        Assert.Contains("committing", steps.Seen);
        Assert.Equal(["shop", "w.duckdb"], Entries(temp.Path));
        Assert.Equal(result.Silver.Orders, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders"));
    }

    [Fact]
    public void FirstIngest_ReportsNoCommitOfItsOwn()
    {
        using var temp = new TempFolder();
        var steps = new Steps();

        new Ingestor(new FixedTime(Now)).Ingest(temp.File("w.duckdb"), new GenericSource(), GenericShop.Write(temp.Folder("shop")), progress: steps);

        Assert.DoesNotContain("committing", steps.Seen);
        Assert.Equal("writing the warehouse file", steps.Seen[^1]);
    }

    private sealed class Steps : IProgress<string>
    {
        public List<string> Seen { get; } = [];

        public void Report(string value) => Seen.Add(value);
    }

    /// <summary>Fails the ingest with a disk-full error when it reports <paramref name="step"/>.</summary>
    private sealed class FailAt(string step) : IProgress<string>
    {
        public void Report(string value)
        {
            if (value == step)
            {
                throw new IOException("No space left on device");
            }
        }
    }
}
