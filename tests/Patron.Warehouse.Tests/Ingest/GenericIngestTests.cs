using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Ingest;

public sealed class GenericIngestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static IngestResult Ingest(string warehouse, string folder, IngestOptions? options = null, DateTimeOffset? at = null)
        => new Ingestor(new FixedTime(at ?? Now)).Ingest(warehouse, new GenericSource(), folder, options);

    [Fact]
    public void Ingest_SmallShop_LandsBronzeAndSilver()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"));
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, folder);

        Assert.Equal(5 + 3 + 2, result.RowsLoaded);
        Assert.Equal(0, result.RowsRejected);
        Assert.Equal(5, WarehouseProbe.Count(warehouse, "bronze.generic_transactions"));
        Assert.Equal(3, WarehouseProbe.Count(warehouse, "silver.customers"));
        Assert.Equal(2, WarehouseProbe.Count(warehouse, "silver.products"));
        Assert.Equal(5, WarehouseProbe.Count(warehouse, "silver.orders"));
        Assert.Equal(5, WarehouseProbe.Count(warehouse, "silver.order_lines"));
        // T2: 1 x 99.00 less a 10 % discount; T5 is a return of one book.
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.order_lines WHERE order_id = 'T2' AND abs(line_amount - 89.1) < 1e-9 AND abs(discount - 9.9) < 1e-9"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.order_lines WHERE order_id = 'T5' AND is_return AND line_amount = -12.5"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE order_id = 'T5' AND NOT is_purchase AND is_cancellation"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.customers WHERE customer_id = 'C3' AND age IS NULL"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE order_id = 'T4' AND payment_method IS NULL"));
    }

    [Fact]
    public void Ingest_KeepsLineageColumns()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"));
        var warehouse = temp.File("w.duckdb");

        Ingest(warehouse, folder);

        Assert.Equal(5, WarehouseProbe.Count(warehouse,
            "SELECT count(*) FROM bronze.generic_transactions t JOIN bronze.files f ON f.file_id = t._file_id "
            + "WHERE f.path LIKE '%transactions.csv' AND t._ingested_at = TIMESTAMP '2026-11-01 12:00:00'"));
        // _row_number is the data row's position in its file: T3 is the third row.
        Assert.Equal(3, WarehouseProbe.Count(warehouse, "SELECT _row_number FROM bronze.generic_transactions WHERE transaction_id = 'T3'"));
    }

    [Fact]
    public void Ingest_SameFilesTwice_IsANoOp()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"));
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, folder);
        var before = WarehouseProbe.Fingerprint(warehouse);

        var again = Ingest(warehouse, folder, at: Now.AddHours(1));

        Assert.True(again.NothingNew);
        Assert.All(again.Files, f => Assert.Equal(IngestedFile.Skipped, f.Status));
        Assert.Equal(before, WarehouseProbe.Fingerprint(warehouse));
    }

    [Fact]
    public void Ingest_NewExportOfSameShop_Appends()
    {
        using var temp = new TempFolder();
        var first = GenericShop.Write(temp.Folder("export1"));
        var second = GenericShop.Write(temp.Folder("export2"), transactions: GenericShop.Csv(GenericShop.TransactionsHeader,
        [
            "T6,C2,P2,1,99.00,0,2024-04-01 10:00:00,card",
            "T7,C3,P1,3,12.50,0,2024-04-02 10:00:00,card",
        ]));
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, first);

        var result = Ingest(warehouse, second, at: Now.AddDays(1));

        // Customers and products files are byte-identical to the first export's: skipped.
        Assert.Equal(IngestedFile.Loaded, result.Files.Single(f => f.Key == "transactions").Status);
        Assert.Equal(IngestedFile.Skipped, result.Files.Single(f => f.Key == "customers").Status);
        Assert.Equal(7, WarehouseProbe.Count(warehouse, "bronze.generic_transactions"));
        Assert.Equal(7, WarehouseProbe.Count(warehouse, "silver.orders"));
        Assert.Equal(3, WarehouseProbe.Count(warehouse, "silver.customers"));
    }

    [Fact]
    public void Ingest_OverlappingExports_DeduplicatesInSilver()
    {
        using var temp = new TempFolder();
        var first = GenericShop.Write(temp.Folder("export1"));
        var second = GenericShop.Write(temp.Folder("export2"), transactions: GenericShop.Csv(GenericShop.TransactionsHeader,
            [GenericShop.Transactions[0], "T6,C2,P2,1,99.00,0,2024-04-01 10:00:00,card"]));
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, first);

        Ingest(warehouse, second, at: Now.AddDays(1));

        Assert.Equal(7, WarehouseProbe.Count(warehouse, "bronze.generic_transactions"));
        Assert.Equal(6, WarehouseProbe.Count(warehouse, "silver.orders"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.quality_issues WHERE check_name = 'exact_duplicates'"));
    }

    [Fact]
    public void Ingest_RowsThatDoNotParse_GoToRejectsWithLineAndColumn()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), transactions: GenericShop.Csv(GenericShop.TransactionsHeader,
        [
            GenericShop.Transactions[0],
            "T2,C1,P2,two,99.00,0,2024-02-10 11:30:00,paypal",
            GenericShop.Transactions[2],
        ]));
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, folder);

        Assert.Equal(1, result.Files.Single(f => f.Key == "transactions").RowsRejected);
        var reject = Assert.Single(result.RejectSamples);
        Assert.Equal("transactions.csv", reject.FileName);
        Assert.Equal(3, reject.Line);
        Assert.Equal("quantity", reject.Column);
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM bronze.rejects WHERE file_name = 'transactions.csv' AND line = 3 AND column_name = 'quantity' AND raw_line LIKE 'T2,%'"));
        Assert.Equal(2, WarehouseProbe.Count(warehouse, "silver.orders"));
    }

    [Fact]
    public void Ingest_StrictWithRejects_FailsAndStoresNothing()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, GenericShop.Write(temp.Folder("good")));
        var before = WarehouseProbe.Fingerprint(warehouse);
        var bad = GenericShop.Write(temp.Folder("bad"), transactions: GenericShop.Csv(GenericShop.TransactionsHeader,
            ["T8,C1,P1,1,12.50,0,2024-05-01 10:00:00,card", "T9,C1,P1,1,not-a-price,0,2024-05-01 10:00:00,card"]));

        var error = Assert.Throws<InputException>(() => Ingest(warehouse, bad, new IngestOptions(Strict: true), Now.AddDays(1)));

        Assert.Equal("transactions.csv", error.File);
        Assert.Equal(3, error.Line);
        Assert.Equal("price", error.Column);
        Assert.Equal(before, WarehouseProbe.Fingerprint(warehouse));
    }

    [Fact]
    public void Ingest_ColumnsInAnotherOrderAndExtraColumns_AreMappedByName()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"), products:
            "margin,product_id,brand,category,subcategory,base_price,colour\n0.3,P1,Acme,Books,Fiction,12.50,red\n0.2,P2,Sonic,Electronics,Audio,99.00,black\n");
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, folder);

        Assert.Equal(["colour"], result.Files.Single(f => f.Key == "products").IgnoredColumns);
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.products WHERE product_id = 'P1' AND brand = 'Acme' AND base_price = 12.5 AND margin = 0.3"));
    }

    [Fact]
    public void Ingest_GzipAndBomAndCrlf_AreRead()
    {
        using var temp = new TempFolder();
        var folder = temp.Folder("export");
        GenericShop.Write(folder);
        var customers = Path.Combine(folder, "customers.csv");
        File.WriteAllText(customers, "\uFEFF" + File.ReadAllText(customers).Replace("\n", "\r\n", StringComparison.Ordinal), new System.Text.UTF8Encoding(false));
        var transactions = Path.Combine(folder, "transactions.csv");
        using (var output = File.Create(transactions + ".gz"))
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            var bytes = File.ReadAllBytes(transactions);
            gzip.Write(bytes);
        }

        File.Delete(transactions);
        var warehouse = temp.File("w.duckdb");

        Ingest(warehouse, folder);

        Assert.Equal(5, WarehouseProbe.Count(warehouse, "silver.orders"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.customers WHERE customer_id = 'C1' AND acquisition_channel = 'organic'"));
    }
}
