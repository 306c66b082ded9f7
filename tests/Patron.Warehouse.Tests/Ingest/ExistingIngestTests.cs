using Patron.Demo;
using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Cdnow;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Ingest;

/// <summary>
/// An ingest into an existing warehouse commits its statements one by one, silver built in staged tables, and puts
/// everything in place in one last transaction: it stores what the one-transaction ingest stored, and a failure at any
/// step before that transaction (or a killed ingest, once the next one starts) leaves the warehouse as it was.
/// </summary>
public sealed class ExistingIngestTests
{
    private static readonly DateTimeOffset First = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = First.AddHours(1);

    /// <summary>The second export: new orders, a copy of an order stored before, a line the reader rejects, a customer
    /// with changed attributes and a new one, new sessions, one of them repeating a stored session's id.</summary>
    private static string SecondExport(string folder) => GenericShop.Write(folder,
        transactions: GenericShop.Csv(GenericShop.TransactionsHeader,
        [
            "T900,C1,P1,2,12.50,0,2024-04-01 10:00:00,card",
            "T901,C4,P2,1,99.00,0,2024-04-02 11:00:00,paypal",
            "T1,C1,P1,2,12.50,0,2024-01-10 10:00:00,card",
            "T902,C2,P1,abc,12.50,0,2024-04-03 12:00:00,card",
        ]),
        customers: GenericShop.Csv(GenericShop.CustomersHeader,
            [.. GenericShop.Customers.Select(c => c.Replace("C2,2024-01-05,51,FR", "C2,2024-01-05,52,BE", StringComparison.Ordinal)), "C4,2024-03-30,29,NL,gmail.com,organic"]),
        sessions: GenericShop.Csv(GenericShop.SessionsHeader,
        [
            "S900,C1,2024-04-01 09:58:00,300,4,P1,1",
            "S1,C1,2024-01-10 09:55:00,600,12,P1,1",
            "S901,C4,2024-04-02 10:59:00,120,2,P2,true",
        ]));

    private static string FirstExport(string folder)
        => GenericShop.Write(folder, sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions));

    /// <summary>The first export ingested into <paramref name="warehouse"/>, after CDNOW's sample (a second source whose
    /// rows the generic ingests must keep).</summary>
    private static void FirstIngest(TempFolder temp, string warehouse)
    {
        new Ingestor(new FixedTime(First.AddHours(-1))).Ingest(warehouse, new CdnowSource(), Samples.CdnowSample);
        new Ingestor(new FixedTime(First)).Ingest(warehouse, new GenericSource(), FirstExport(temp.Folder("first")));
    }

    [Fact]
    public void SecondIngest_Staged_StoresWhatOneTransactionStored()
    {
        using var temp = new TempFolder();
        var more = SecondExport(temp.Folder("second"));
        var staged = temp.File("staged.duckdb");
        var single = temp.File("single.duckdb");
        FirstIngest(temp, staged);
        FirstIngest(temp, single);

        var a = new Ingestor(new FixedTime(Second)).Ingest(staged, new GenericSource(), more);
        var b = new Ingestor(new FixedTime(Second)).Ingest(single, new GenericSource(), more, new IngestOptions { StagedRebuild = false });

        Assert.Equal(WarehouseProbe.Fingerprint(single), WarehouseProbe.Fingerprint(staged));
        Assert.Equal(b.Silver, a.Silver);
        Assert.Equal(b.Files.Select(f => (f.FileName, f.RowsLoaded, f.RowsRejected, f.RowsQuarantined)), a.Files.Select(f => (f.FileName, f.RowsLoaded, f.RowsRejected, f.RowsQuarantined)));
        Assert.All(a.Files.Where(f => f.Status == IngestedFile.Loaded), f => Assert.Equal(f.RowsRead, f.RowsKept + f.RowsQuarantined + f.RowsRejected));
        Assert.Equal(1, a.RowsRejected);
        Assert.True(a.Silver.Orders > 0 && a.Silver.Sessions > 0);
        Assert.Equal(1, WarehouseProbe.Count(staged, "SELECT count(*) FROM silver.orders WHERE order_id = 'T901'"));
        Assert.True(WarehouseProbe.Count(staged, "SELECT count(*) FROM silver.orders WHERE source = 'cdnow'") > 0, "the other source's rows are kept");
        Assert.Equal(0, WarehouseProbe.Count(staged, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%__next'"));
        Assert.Equal(0, WarehouseProbe.Count(staged, "bronze.ingest_pending"));

        // Lineage still answers: every silver row of the second export names its file, and the file is in the log.
        Assert.Equal(0, WarehouseProbe.Count(staged,
            "SELECT count(*) FROM silver.orders o WHERE o.source = 'generic' AND o._source_file NOT IN (SELECT file_path FROM bronze.ingest_log)"));
        Assert.Equal(2, WarehouseProbe.Count(staged,
            $"SELECT count(*) FROM silver.orders WHERE _source_file = '{Path.Combine(more, "transactions.csv")}'"));
    }

    [Theory]
    [InlineData("reading transactions.csv")]
    [InlineData("reading sessions.csv")]
    [InlineData("building silver: keys, duplicates and checks")]
    [InlineData("building silver: customer versions")]
    [InlineData("building silver: optional tables")]
    [InlineData("building silver: quality summary")]
    [InlineData("committing")]
    public void SecondIngest_FailingAtAStep_LeavesTheWarehouseAsItWas(string step)
    {
        using var temp = new TempFolder();
        var more = SecondExport(temp.Folder("second"));
        var warehouse = temp.File("w.duckdb");
        var reference = temp.File("reference.duckdb");
        FirstIngest(temp, warehouse);
        FirstIngest(temp, reference);
        var before = WarehouseProbe.Fingerprint(warehouse);

        var error = Assert.Throws<IOException>(() => new Ingestor(new FixedTime(Second)).Ingest(warehouse, new GenericSource(), more, progress: new FailAt(step)));

        Assert.Equal("No space left on device", error.Message);
        Assert.Equal(before, WarehouseProbe.Fingerprint(warehouse));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%__next'"));

        // The next try stores the whole export, as an ingest that never failed.
        new Ingestor(new FixedTime(Second)).Ingest(warehouse, new GenericSource(), more);
        new Ingestor(new FixedTime(Second)).Ingest(reference, new GenericSource(), more);
        Assert.Equal(WarehouseProbe.Fingerprint(reference), WarehouseProbe.Fingerprint(warehouse));
    }

    [Fact]
    public void SecondIngest_OverItsMemoryLimit_LeavesTheWarehouseAsItWas()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        new Ingestor(new FixedTime(First)).Ingest(warehouse, new GenericSource(), GenericShop.Write(temp.Folder("first")));
        var before = WarehouseProbe.Fingerprint(warehouse);
        var shop = DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = temp.Folder("shop"), Transactions = 100_000, Seed = 17, DefectRate = 0.01, SessionsPerOrder = 2,
        }).OutputDirectory;

        var error = Assert.ThrowsAny<Exception>(() =>
            new Ingestor(new FixedTime(Second)).Ingest(warehouse, new GenericSource(), shop, new IngestOptions { MemoryLimit = "4MB" }));

        Assert.Contains("memory", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, WarehouseProbe.Fingerprint(warehouse));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%__next'"));
    }

    [Fact]
    public void SecondIngest_AtTheTimeOfAStoredIngest_RunsInOneTransaction()
    {
        using var temp = new TempFolder();
        var staged = temp.File("staged.duckdb");
        var single = temp.File("single.duckdb");
        FirstIngest(temp, staged);
        FirstIngest(temp, single);
        var more = SecondExport(temp.Folder("second"));
        var steps = new List<string>();

        // The same time as the first ingest: the pending rows could not be told from the stored ones.
        new Ingestor(new FixedTime(First)).Ingest(staged, new GenericSource(), more, progress: new Progress(steps));
        new Ingestor(new FixedTime(First)).Ingest(single, new GenericSource(), more, new IngestOptions { StagedRebuild = false });

        Assert.Equal(WarehouseProbe.Fingerprint(single), WarehouseProbe.Fingerprint(staged));
        Assert.Equal(0, WarehouseProbe.Count(staged, "bronze.ingest_pending"));
    }

    [Fact]
    public void SecondIngest_RemovesWhatAKilledIngestLeft_BeforeReadingAnything()
    {
        using var temp = new TempFolder();
        var more = SecondExport(temp.Folder("second"));
        var warehouse = temp.File("w.duckdb");
        var reference = temp.File("reference.duckdb");
        FirstIngest(temp, warehouse);
        FirstIngest(temp, reference);

        // What an ingest killed midway leaves: its mark, bronze rows, rejects and log rows under its time, staged silver tables.
        var killedAt = First.AddMinutes(30).UtcDateTime;
        using (var connection = DuckDbConnection.Open(warehouse))
        {
            var at = SqlScripts.Timestamp(killedAt);
            connection.Execute($"""
                INSERT INTO bronze.ingest_pending VALUES ('ingest-killed', {at});
                INSERT INTO bronze.files VALUES (777, '/gone/transactions.csv', {at});
                INSERT INTO bronze.generic_transactions (transaction_id, customer_id, product_id, quantity, price, discount, "timestamp", payment_method, _ingested_at, _file_id, _row_number)
                VALUES ('T777', 'C1', 'P1', 1, 12.5, 0, TIMESTAMP '2024-05-01 10:00:00', 'card', {at}, 777, 1);
                INSERT INTO bronze.rejects VALUES ('ingest-killed', 'generic', 'transactions.csv', 3, 'quantity', 'CAST', 'bad', 'x', {at});
                INSERT INTO bronze.ingest_log VALUES ('ingest-killed', 'generic', 'transactions', 'transactions.csv', '/gone/transactions.csv', 'abc', 10, 1, 1, {at});
                CREATE TABLE silver.orders__next AS SELECT * FROM silver.orders;
                """);
        }

        new Ingestor(new FixedTime(Second)).Ingest(warehouse, new GenericSource(), more);
        new Ingestor(new FixedTime(Second)).Ingest(reference, new GenericSource(), more);

        Assert.Equal(WarehouseProbe.Fingerprint(reference), WarehouseProbe.Fingerprint(warehouse));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM bronze.generic_transactions WHERE transaction_id = 'T777'"));
    }

    [Fact]
    public void SecondIngest_OfNothingNew_ChangesNothing()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        FirstIngest(temp, warehouse);
        var before = WarehouseProbe.Fingerprint(warehouse);

        var result = new Ingestor(new FixedTime(Second)).Ingest(warehouse, new GenericSource(), Path.Combine(temp.Path, "first"));

        Assert.True(result.NothingNew);
        Assert.Equal(before, WarehouseProbe.Fingerprint(warehouse));
    }

    private sealed class Progress(List<string> steps) : IProgress<string>
    {
        public void Report(string value) => steps.Add(value);
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
