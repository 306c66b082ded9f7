using System.IO.Compression;
using System.Text;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources;
using Patron.Warehouse.Sources.Cdnow;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Sources.OnlineRetail;
using Patron.Warehouse.Tests.Sources;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Ingest;

/// <summary>
/// Nothing read from a file vanishes or arrives altered: damaged quoting and broken archives refuse the file, bad numbers
/// become rejects with their line and column, and every file's records add up to loaded plus rejected.
/// </summary>
public sealed class IngestIntegrityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static IngestResult Ingest(string warehouse, string folder, ISourceAdapter? source = null)
        => new Ingestor(new FixedTime(Now)).Ingest(warehouse, source ?? new GenericSource(), folder);

    private static string Transactions(params string[] rows) => GenericShop.Csv(GenericShop.TransactionsHeader, rows);

    /// <summary>Many orders, so a damaged line in the middle has rows after it that could vanish.</summary>
    private static string[] ManyTransactions(int count)
    {
        var rows = new string[count];
        for (var i = 0; i < count; i++)
        {
            rows[i] = FormattableString.Invariant($"T{i + 1},C{(i % 3) + 1},P{(i % 2) + 1},1,12.50,0,2024-01-{(i % 28) + 1:00} 10:00:00,card");
        }

        return rows;
    }

    /// <summary>Fails into a new warehouse (none left behind) and into a filled one (unchanged).</summary>
    private static InputException AssertRefused(Action<string> damage)
    {
        using var temp = new TempFolder();
        var bad = GenericShop.Write(temp.Folder("bad"));
        damage(bad);

        var fresh = temp.File("fresh.duckdb");
        var first = Assert.Throws<InputException>(() => Ingest(fresh, bad));
        Assert.False(File.Exists(fresh), "a refused first ingest must not leave a warehouse file behind");

        var filled = temp.File("filled.duckdb");
        Ingest(filled, GenericShop.Write(temp.Folder("good")));
        var before = WarehouseProbe.Fingerprint(filled);
        var second = Assert.Throws<InputException>(() => new Ingestor(new FixedTime(Now.AddHours(1))).Ingest(filled, new GenericSource(), bad));
        Assert.Equal(before, WarehouseProbe.Fingerprint(filled));
        Assert.Equal(first.Message, second.Message);
        return first;
    }

    [Fact]
    public void Ingest_UnbalancedQuoteMidFile_RefusesTheFileNamingTheLine()
    {
        var rows = ManyTransactions(200);
        rows[99] = "T100,C1,\"P1,1,12.50,0,2024-01-10 10:00:00,card";

        var error = AssertRefused(bad => File.WriteAllText(Path.Combine(bad, "transactions.csv"), Transactions(rows)));

        Assert.Equal("transactions.csv", error.File);
        Assert.Equal(101, error.Line);
        Assert.Contains("unbalanced quote", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_StrayQuotePairedWithALaterQuote_RefusesTheFileNamingTheLine()
    {
        var rows = ManyTransactions(60);
        rows[9] = "T10,C1,\"P1,1,12.50,0,2024-01-10 10:00:00,card";
        rows[40] = "T41,C1,P1,1,12.50,0,2024-01-10 10:00:00,\"card, visa\"";

        var error = AssertRefused(bad => File.WriteAllText(Path.Combine(bad, "transactions.csv"), Transactions(rows)));

        Assert.Equal(11, error.Line);
        Assert.Contains("stray or unbalanced quote", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_QuotedFieldsOverSeveralLines_LoadAndCountAsOneRecordEach()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"),
            products: GenericShop.Csv(GenericShop.ProductsHeader, ["P1,Books,\"Fiction,\nnovels\",Acme,12.50,0.30", "P2,Electronics,\"Audio \"\"hi-fi\"\"\",Sonic,99.00,0.20"]),
            transactions: Transactions([.. GenericShop.Transactions, "T6,C1,P2,1,99.00,0,2024-03-02 10:00:00,12\" vinyl"]));

        var result = Ingest(temp.File("w.duckdb"), folder);

        var products = result.Files.Single(f => f.Key == "products");
        Assert.Equal((2, 2, 0), (products.RowsRead, products.RowsLoaded, products.RowsRejected));
        Assert.Equal(6, result.Files.Single(f => f.Key == "transactions").RowsLoaded);
        Assert.Equal(["Fiction,\nnovels", "Audio \"hi-fi\""], WarehouseProbe.Rows(temp.File("w.duckdb"), "SELECT subcategory FROM silver.products ORDER BY product_id"));
    }

    [Fact]
    public void Ingest_TruncatedGzip_RefusesTheFileNamingIt()
    {
        var error = AssertRefused(bad =>
        {
            var path = Path.Combine(bad, "transactions.csv");
            var gz = WriteGzip(path, Transactions(ManyTransactions(5000)));
            var bytes = File.ReadAllBytes(gz);
            File.WriteAllBytes(gz, bytes[..(bytes.Length / 2)]);
        });

        Assert.Equal("transactions.csv.gz", error.File);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_CorruptGzip_RefusesTheFileNamingIt()
    {
        var error = AssertRefused(bad =>
        {
            var gz = WriteGzip(Path.Combine(bad, "transactions.csv"), Transactions(ManyTransactions(5000)));
            var bytes = File.ReadAllBytes(gz);
            for (var i = bytes.Length / 2; i < (bytes.Length / 2) + 64; i++)
            {
                bytes[i] ^= 0x5A;
            }

            File.WriteAllBytes(gz, bytes);
        });

        Assert.Equal("transactions.csv.gz", error.File);
        Assert.Contains("gzip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_WholeGzip_LoadsEveryRow()
    {
        using var temp = new TempFolder();
        var folder = GenericShop.Write(temp.Folder("export"));
        WriteGzip(Path.Combine(folder, "transactions.csv"), Transactions(ManyTransactions(5000)));

        var file = Ingest(temp.File("w.duckdb"), folder).Files.Single(f => f.Key == "transactions");

        Assert.Equal((5000, 5000, 0), (file.RowsRead, file.RowsLoaded, file.RowsRejected));
    }

    [Fact]
    public void Ingest_LineWithExtraFields_WritesOneReject()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        var folder = GenericShop.Write(temp.Folder("export"),
            transactions: Transactions([.. GenericShop.Transactions[..4], "T5,C1,P1,1,12.50,0,2024-01-15 12:00:00,card,x,y,z,w"]));

        var file = Ingest(warehouse, folder).Files.Single(f => f.Key == "transactions");

        Assert.Equal(1, file.RowsRejected);
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM bronze.rejects WHERE file_name = 'transactions.csv'"));
        Assert.Equal("5 read = 4 kept + 0 quarantined + 1 rejected", file.Equation);
    }

    [Theory]
    [InlineData("price", "NaN", "not a number")]
    [InlineData("price", "Infinity", "infinite")]
    [InlineData("price", "-inf", "infinite")]
    [InlineData("price", "1e400", "infinite")]
    [InlineData("price", "1e13", "below 10^12")]
    [InlineData("discount", "NaN", "not a number")]
    [InlineData("quantity", "2.5", "not a whole number")]
    [InlineData("quantity", "1e10", "outside the range of a count")]
    public void Ingest_BadNumber_IsRejectedWithLineColumnAndReason(string column, string value, string reason)
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        var index = GenericShop.TransactionsHeader.Split(',').ToList().IndexOf(column);
        var bad = "T3,C2,P1,1,12.50,0,2024-01-20 09:15:00,card".Split(',');
        bad[index] = value;
        var folder = GenericShop.Write(temp.Folder("export"),
            transactions: Transactions([GenericShop.Transactions[0], "T2,C1,P2,1,99.00,0.1,2024-02-10 11:30:00,\"pay,pal\"", string.Join(',', bad), .. GenericShop.Transactions[3..]]));

        var result = Ingest(warehouse, folder);

        var reject = Assert.Single(result.RejectSamples);
        Assert.Equal(("transactions.csv", 4L, column), (reject.FileName, reject.Line, reject.Column));
        Assert.Contains(reason, reject.Reason, StringComparison.Ordinal);
        Assert.Equal("5 read = 4 kept + 0 quarantined + 1 rejected", result.Files.Single(f => f.Key == "transactions").Equation);
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.order_lines WHERE order_id = 'T3'"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse,
            "SELECT count(*) FROM silver.order_lines WHERE NOT (isfinite(quantity) AND isfinite(unit_price) AND isfinite(discount) AND isfinite(line_amount))"));
    }

    [Fact]
    public void Ingest_BadNumbersAfterRejectedLines_NameTheirOwnLines()
    {
        using var temp = new TempFolder();
        var rows = ManyTransactions(30);
        rows[4] = "T5,C2,P1,oops,12.50,0,2024-01-20 09:15:00,card";
        rows[9] = "T10,C2,P1,1,NaN,0,2024-01-20 09:15:00,card";
        rows[14] = "T15,C2,P1,1,12.50,0,2024-01-20";
        rows[19] = "T20,C2,P1,3.25,12.50,0,2024-01-20 09:15:00,card";
        var folder = GenericShop.Write(temp.Folder("export"), transactions: Transactions(rows));

        var result = Ingest(temp.File("w.duckdb"), folder);

        Assert.Equal([6L, 11L, 16L, 21L], result.RejectSamples.Select(r => r.Line ?? 0).ToList());
        Assert.Equal(["quantity", "price", "quantity"], result.RejectSamples.Where(r => r.Line != 16).Select(r => r.Column).ToList());
        Assert.Equal("30 read = 26 kept + 0 quarantined + 4 rejected", result.Files.Single(f => f.Key == "transactions").Equation);
    }

    [Fact]
    public void Ingest_AmountBeyondWhatGoldHolds_IsQuarantinedWithAFinding()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        var folder = GenericShop.Write(temp.Folder("export"),
            transactions: Transactions([.. GenericShop.Transactions[..4], "T5,C1,P1,2000000,900000000000,0,2024-01-15 12:00:00,card"]));

        var result = Ingest(warehouse, folder);

        Assert.Equal("5 read = 4 kept + 1 quarantined + 0 rejected", result.Files.Single(f => f.Key == "transactions").Equation);
        Assert.Equal(["missing_amount|line 1 of order T5 has an amount that is not a finite number below 10^12"],
            WarehouseProbe.Rows(warehouse, "SELECT check_name, detail FROM silver.quality_issues WHERE check_name = 'missing_amount'"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.order_lines WHERE abs(line_amount) >= 1e12"));
    }

    [Fact]
    public void Ingest_FractionalQuantityInOnlineRetail_IsRejected()
    {
        using var temp = new TempFolder();
        var folder = Samples.CopyFolder(Samples.OnlineRetail, temp.Folder("export"));
        var path = Path.Combine(folder, "online_retail.csv");
        var lines = File.ReadAllLines(path);
        lines[5] = lines[5].Replace(",6,", ",2.5,", StringComparison.Ordinal);
        Assert.Contains(",2.5,", lines[5], StringComparison.Ordinal);
        File.WriteAllLines(path, lines);

        var result = Ingest(temp.File("w.duckdb"), folder, new OnlineRetailSource());

        var reject = Assert.Single(result.RejectSamples);
        Assert.Equal((6L, "Quantity"), (reject.Line, reject.Column));
        Assert.Contains("not a whole number", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_FractionalOrNonFiniteNumbersInCdnow_AreRejected()
    {
        using var temp = new TempFolder();
        var folder = temp.Folder("export");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "CDNOW_master.txt"),
            " 00001 19970101  1   11.77\n 00002 19970112  1.5   12.00\n 00003 19970112  1   NaN\n 00004 19970112  1   1e400\n 00005 19970113  2   20.00\n");

        var result = Ingest(temp.File("w.duckdb"), folder, new CdnowSource());

        Assert.Equal([(2L, "number_of_cds"), (3L, "dollar_value"), (4L, "dollar_value")], result.RejectSamples.Select(r => (r.Line ?? 0, r.Column)).ToList());
        Assert.Equal("5 read = 2 kept + 0 quarantined + 3 rejected", result.Files.Single().Equation);
    }

    [Theory]
    [MemberData(nameof(SourceCase.All), MemberType = typeof(SourceCase))]
    public void Ingest_EverySample_CountsAddUpPerFile(string source)
    {
        var @case = SourceCase.Get(source);
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        var folder = @case.WriteExport(temp.Folder("export"));

        var result = Ingest(warehouse, folder, @case.Source);

        foreach (var file in result.Files)
        {
            var path = Directory.EnumerateFiles(folder).Single(p => Path.GetFileName(p) == file.FileName);
            var expected = source == "cdnow"
                ? File.ReadLines(path).Count(l => l.Trim().Length > 0) - (File.ReadLines(path).First().Contains("customer", StringComparison.Ordinal) ? 1 : 0)
                : CsvRecords.Read(path).Rows.Count;
            Assert.Equal(expected, file.RowsRead);
            Assert.Equal(file.RowsRead, file.RowsLoaded + file.RowsRejected);
            Assert.Equal(file.RowsRead, file.RowsKept + file.RowsQuarantined + file.RowsRejected);
            var table = @case.Source.Files.Single(f => f.Key == file.Key).BronzeTable(@case.Source.Name);
            Assert.Equal(file.RowsLoaded, WarehouseProbe.Count(warehouse, $"SELECT count(*) FROM {table}"));
            Assert.Equal(file.RowsRejected, WarehouseProbe.Count(warehouse, $"SELECT count(*) FROM bronze.rejects WHERE file_name = '{file.FileName}'"));
            Assert.Equal(file.RowsQuarantined, WarehouseProbe.Count(warehouse,
                $"SELECT count(DISTINCT _row_number) FROM silver.quarantine WHERE _source_file LIKE '%/{file.FileName}'"));
        }
    }

    [Fact]
    public void Ingest_FailureAfterRowsWereWritten_LeavesTheFileNoLargerAndUnchanged()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, GenericShop.Write(temp.Folder("first")));
        var size = new FileInfo(warehouse).Length;
        var before = WarehouseProbe.Fingerprint(warehouse);
        var big = GenericShop.Write(temp.Folder("big"), transactions: Transactions(ManyTransactions(400_000)));

        // A full disk fails DuckDB's writes with an IO error; the seam fails the ingest at its last step instead, when
        // every uncommitted row has been written, which is when the file is longest. In one transaction (as a server's
        // Append runs), the rolled-back rows' blocks are cut off the file's end.
        var error = Assert.Throws<IOException>(() =>
            new Ingestor(new FixedTime(Now.AddHours(1))).Ingest(warehouse, new GenericSource(), big, new IngestOptions { StagedRebuild = false }, new FailAt("committing")));

        Assert.Equal("No space left on device", error.Message);
        Assert.True(new FileInfo(warehouse).Length <= size, $"the warehouse grew from {size} to {new FileInfo(warehouse).Length} bytes");
        Assert.Equal(before, WarehouseProbe.Fingerprint(warehouse));
    }

    [Fact]
    public void Ingest_StagedFailureAfterRowsWereCommitted_LeavesTheContentUnchangedAndItsBlocksFree()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, GenericShop.Write(temp.Folder("first")));
        var usedBefore = UsedBlocks(warehouse);
        var before = WarehouseProbe.Fingerprint(warehouse);
        var big = GenericShop.Write(temp.Folder("big"), transactions: Transactions(ManyTransactions(400_000)));

        // The staged ingest has committed its bronze rows and staged silver when it fails: they are deleted and dropped,
        // and the blocks they took are free for the next writes (DuckDB does not shorten the file).
        var error = Assert.Throws<IOException>(() =>
            new Ingestor(new FixedTime(Now.AddHours(1))).Ingest(warehouse, new GenericSource(), big, progress: new FailAt("committing")));

        Assert.Equal("No space left on device", error.Message);
        Assert.Equal(before, WarehouseProbe.Fingerprint(warehouse));
        Assert.True(UsedBlocks(warehouse) <= usedBefore + 2, $"the warehouse used {usedBefore} blocks before and {UsedBlocks(warehouse)} after");
    }

    private static long UsedBlocks(string warehouse) => WarehouseProbe.Count(warehouse, "SELECT used_blocks FROM pragma_database_size()");

    private static string WriteGzip(string csvPath, string text)
    {
        File.Delete(csvPath);
        var gz = csvPath + ".gz";
        using var stream = File.Create(gz);
        using var gzip = new GZipStream(stream, CompressionLevel.Optimal);
        gzip.Write(Encoding.UTF8.GetBytes(text));
        return gz;
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
