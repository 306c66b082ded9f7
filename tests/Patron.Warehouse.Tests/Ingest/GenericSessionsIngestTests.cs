using Patron.Demo;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Ingest;

/// <summary>The generic source's optional sessions.csv: landed in silver.sessions, never as orders.</summary>
public sealed class GenericSessionsIngestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static IngestResult Ingest(string warehouse, string folder, IngestOptions? options = null, DateTimeOffset? at = null)
        => new Ingestor(new FixedTime(at ?? Now)).Ingest(warehouse, new GenericSource(), folder, options);

    [Fact]
    public void Ingest_WithoutSessionsFile_LeavesSilverSessionsEmpty()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, GenericShop.Write(temp.Folder("export")));

        Assert.DoesNotContain(result.Files, f => f.Key == "sessions");
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "bronze.generic_sessions"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "silver.sessions"));
        Assert.Equal(5, WarehouseProbe.Count(warehouse, "silver.orders"));
    }

    [Fact]
    public void Ingest_WithSessionsFile_LandsCanonicalSessionsAndNoOrders()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions));
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, folder);

        Assert.Equal(4, result.Files.Single(f => f.Key == "sessions").RowsLoaded);
        Assert.Equal(0, result.RowsRejected);
        Assert.Equal(5, WarehouseProbe.Count(warehouse, "silver.orders"));
        Assert.Equal(
            [
                "S1|C1|2024-01-10 09:55:00|600|12|P1|True|25|generic",
                "S2|C1|2024-01-12 20:00:00|95|3|P2|False|∅|generic",
                "S3|∅|2024-01-13 08:00:00|12|1|∅|False|∅|generic",
                "S4|C2|2024-03-01 18:00:00|300|6|P2|True|∅|generic",
            ],
            WarehouseProbe.Rows(warehouse,
                "SELECT session_id, customer_id, strftime(started_at, '%Y-%m-%d %H:%M:%S'), CAST(duration_sec AS BIGINT), page_views, product_id, "
                + "purchased, purchase_amount, source FROM silver.sessions ORDER BY session_id"));
        Assert.Equal(4, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.sessions WHERE _source_file LIKE '%sessions.csv' AND _ingested_at = TIMESTAMP '2026-11-01 12:00:00'"));
        Assert.Equal(4, result.Silver.Sessions);
    }

    [Fact]
    public void Ingest_SessionsWithAliasedHeaders_AreMappedByName()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), sessions:
            "pages,session_id,customer_id,session_start,duration,converted,channel\n12,S1,C1,2024-01-10 09:55:00,600,YES,ads\n3,S2,C1,2024-01-12 20:00:00,95,no,seo\n");
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, folder);

        Assert.Equal(["channel"], result.Files.Single(f => f.Key == "sessions").IgnoredColumns);
        Assert.Equal(
            ["S1|C1|600|12|∅|True|25", "S2|C1|95|3|∅|False|∅"],
            WarehouseProbe.Rows(warehouse,
                "SELECT session_id, customer_id, CAST(duration_sec AS BIGINT), page_views, product_id, purchased, purchase_amount FROM silver.sessions ORDER BY 1"));
    }

    [Theory]
    [InlineData("S2,C1,2024-01-12 20:00:00,95,3,P2,maybe", "purchased")]
    [InlineData("S2,C1,2024-01-12 20:00:00,long,3,P2,0", "duration_sec")]
    [InlineData("S2,C1,2024-01-12 20:00:00,95,three,P2,0", "page_views")]
    [InlineData("S2,C1,12/01/2024 20:00,95,3,P2,0", "started_at")]
    public void Ingest_BadSessionRow_GoesToRejectsWithFileLineAndColumn(string bad, string column)
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, [GenericShop.Sessions[0], bad, GenericShop.Sessions[2]]));
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, folder);

        var reject = Assert.Single(result.RejectSamples);
        Assert.Equal("sessions.csv", reject.FileName);
        Assert.Equal(3, reject.Line);
        Assert.Equal(column, reject.Column);
        Assert.Equal(1, WarehouseProbe.Count(warehouse,
            $"SELECT count(*) FROM bronze.rejects WHERE file_name = 'sessions.csv' AND line = 3 AND column_name = '{column}' AND raw_line LIKE 'S2,%'"));
        Assert.Equal(["S1", "S3"], WarehouseProbe.Rows(warehouse, "SELECT session_id FROM silver.sessions ORDER BY 1"));
    }

    [Fact]
    public void Ingest_SameFilesWithSessionsTwice_IsANoOp()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions));
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, folder);
        var before = WarehouseProbe.Fingerprint(warehouse);

        var again = Ingest(warehouse, folder, at: Now.AddHours(1));

        Assert.True(again.NothingNew);
        Assert.Equal(before, WarehouseProbe.Fingerprint(warehouse));
    }

    [Fact]
    public void Ingest_RepeatedAndQuarantinedPurchaseSessions_EachKeptSessionSumsItsOwnVisit()
    {
        using var temp = new TempFolder();
        var sessions = GenericShop.Csv(GenericShop.SessionsHeader,
        [
            "S1,C1,2024-01-10 09:55:00,600,12,P1,1",
            "S1,C1,2024-01-10 09:55:00,600,12,P1,1",
            "S5,C1,2024-02-10 11:00:00,-7,4,P2,1",
            "S5,C1,2024-02-10 12:00:00,60,2,P2,1",
            "S6,C2,2024-01-20 09:00:00,3600,2,P1,1",
            "S7,C2,2031-01-01 09:00:00,60,1,P1,1",
        ]);
        var warehouse = temp.File("w.duckdb");

        Ingest(warehouse, GenericShop.Write(temp.Folder("export"), sessions: sessions));

        // S1's copy is dropped; S5's later version is quarantined and its first version, of unknown length (negative,
        // cleared), covers an hour and so T2; S7 starts after the check time and is quarantined.
        Assert.Equal(["S1|600|25", "S5|∅|89.1", "S6|3600|12.5"],
            WarehouseProbe.Rows(warehouse, "SELECT session_id, CAST(duration_sec AS BIGINT), round(purchase_amount, 6) FROM silver.sessions ORDER BY 1"));
        Assert.Equal(["business_key_duplicates|S5", "exact_duplicates|S1", "future_timestamps|S7", "negative_duration|S5"],
            WarehouseProbe.Rows(warehouse, "SELECT check_name, entity_key FROM silver.quality_issues WHERE entity = 'session' ORDER BY 1, 2"));
    }

    [Fact]
    public void Ingest_OverlappingSessionExports_KeepOneRowPerSession()
    {
        using var temp = new TempFolder();
        var first = GenericShop.Write(temp.Folder("export1"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions[..2]));
        var second = GenericShop.Write(temp.Folder("export2"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions[1..]));
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, first);

        var result = Ingest(warehouse, second, at: Now.AddDays(1));

        Assert.Equal(IngestedFile.Loaded, result.Files.Single(f => f.Key == "sessions").Status);
        Assert.Equal(5, WarehouseProbe.Count(warehouse, "bronze.generic_sessions"));
        Assert.Equal(["S1", "S2", "S3", "S4"], WarehouseProbe.Rows(warehouse, "SELECT session_id FROM silver.sessions ORDER BY 1"));
    }

    [Fact]
    public void Detect_ShopWithSessionsFile_IsStillGeneric()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions));

        Assert.Equal("generic", SourceRegistry.Detect(folder).Name);
    }

    [Fact]
    public void Ingest_DemoShop_LandsEverySessionWithItsOrderAmount()
    {
        using var temp = new TempFolder();
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = temp.Folder("shop"), Customers = 2_000, Seed = 3, Clean = true });
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, shop.OutputDirectory);

        var sessions = shop.Sessions!;
        Assert.Equal(0, result.RowsRejected);
        Assert.Equal(shop.SessionRows, WarehouseProbe.Count(warehouse, "silver.sessions"));
        Assert.Equal(sessions.Purchase, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.sessions WHERE purchased"));
        Assert.Equal(sessions.Anonymous, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.sessions WHERE customer_id IS NULL"));

        // In a clean shop every purchase session contains its order, so each gets an amount.
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.sessions WHERE purchased AND NOT purchase_amount > 0"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.sessions WHERE NOT purchased AND purchase_amount IS NOT NULL"));

        // A rare order falls inside two overlapping visits of its customer and counts in both: the totals agree to 0.1 %.
        Assert.Equal(1, WarehouseProbe.Count(warehouse,
            "SELECT CAST(abs((SELECT sum(purchase_amount) FROM silver.sessions) / (SELECT sum(line_amount) FROM silver.order_lines WHERE NOT is_return) - 1) < 1e-3 AS INTEGER)"));
    }
}
