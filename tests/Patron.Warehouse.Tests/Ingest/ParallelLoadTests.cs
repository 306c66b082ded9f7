using System.Globalization;
using System.Text;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Ingest;

/// <summary>
/// The parallel CSV load (the reader's rows copied in file order, numbered by their row ids) against the numbered load on
/// one thread, on files large enough that DuckDB's reader splits them between threads, and on small files, which take the
/// parallel load too: every bronze, silver, quality, reject and log row must be the same, row numbers included.
/// </summary>
public sealed class ParallelLoadTests
{
    private const int Rows = 360_000;
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ingest_LargeFilesWithBadNumbers_StoresWhatTheNumberedLoadStores()
    {
        using var temp = new TempFolder();
        var folder = WriteShop(temp.Folder("export"), readerReject: false);

        var (parallel, serial) = IngestBothWays(temp, folder);

        Assert.Equal(WarehouseProbe.Fingerprint(serial), WarehouseProbe.Fingerprint(parallel));
        // The rows after the rejected ones keep their numbers: the last transaction is row 360,000 + 1 (one copy added).
        Assert.Equal(Rows + 1, WarehouseProbe.Count(parallel, "SELECT _row_number FROM bronze.generic_transactions WHERE transaction_id = 'T0360000'"));
        Assert.Equal(
            ["transactions.csv|150002|quantity", "transactions.csv|190002|price"],
            WarehouseProbe.Rows(parallel, "SELECT file_name || '|' || line || '|' || column_name FROM bronze.rejects WHERE file_name = 'transactions.csv' ORDER BY line"));
        Assert.Equal(["sessions.csv|160001|duration_sec"],
            WarehouseProbe.Rows(parallel, "SELECT file_name || '|' || line || '|' || column_name FROM bronze.rejects WHERE file_name = 'sessions.csv' ORDER BY line"));
        Assert.Equal(1, WarehouseProbe.Count(parallel, "SELECT count(*) FROM silver.quality_issues WHERE check_name = 'exact_duplicates' AND entity = 'order'"));
    }

    [Fact]
    public void Ingest_LargeFileTheReaderRejectsALineOf_StoresWhatTheNumberedLoadStores()
    {
        using var temp = new TempFolder();
        var folder = WriteShop(temp.Folder("export"), readerReject: true);

        var (parallel, serial) = IngestBothWays(temp, folder);

        Assert.Equal(WarehouseProbe.Fingerprint(serial), WarehouseProbe.Fingerprint(parallel));
        Assert.Equal(["transactions.csv|120002|timestamp|CAST", "transactions.csv|150002|quantity|NUMBER", "transactions.csv|190002|price|NUMBER"],
            WarehouseProbe.Rows(parallel,
                "SELECT file_name || '|' || line || '|' || column_name || '|' || error_type FROM bronze.rejects WHERE file_name = 'transactions.csv' ORDER BY line"));
        // The reader's reject is not numbered: the rows after it move up by one, and the lines of the bad numbers after it
        // are still their own (the numbers' second read reads every column, so it drops the same line).
        Assert.Equal(Rows, WarehouseProbe.Count(parallel, "SELECT _row_number FROM bronze.generic_transactions WHERE transaction_id = 'T0360000'"));
    }

    [Fact]
    public void Ingest_SmallFiles_StoresWhatTheNumberedLoadStores()
    {
        using var temp = new TempFolder();
        var transactions = new StringBuilder(GenericShop.TransactionsHeader).Append('\n');
        for (var i = 1; i <= 300; i++)
        {
            var quantity = i == 120 ? "1.5" : (1 + (i % 3)).ToString(CultureInfo.InvariantCulture);
            var row = string.Create(CultureInfo.InvariantCulture, $"T{i:D5},C{1 + (i % 40):D4},P{1 + (i % 7)},{quantity},{4 + (i % 9)}.5,0,2024-03-{1 + (i % 28):D2} 10:00:00,card");
            transactions.Append(row).Append('\n');
            if (i == 50)
            {
                transactions.Append(row).Append('\n');
            }
        }

        // A customer the reader rejects (an age that is no number) sends customers.csv to the numbered read; the other
        // files stay on the parallel load.
        var customers = Enumerable.Range(1, 40).Select(c => string.Create(CultureInfo.InvariantCulture, $"C{c:D4},2023-06-01,{(c == 17 ? "old" : (20 + c).ToString(CultureInfo.InvariantCulture))},DE,mail.com,organic"));
        var products = Enumerable.Range(1, 7).Select(p => string.Create(CultureInfo.InvariantCulture, $"P{p},Books,Fiction,Acme,{4 + p}.5,0.3"));
        var sessions = Enumerable.Range(1, 200).Select(s => string.Create(CultureInfo.InvariantCulture,
            $"S{s:D5},{(s % 9 == 0 ? "" : "C" + (1 + (s % 40)).ToString("D4", CultureInfo.InvariantCulture))},2024-03-{1 + (s % 28):D2} 09:00:00,{(s == 77 ? "-5" : (s % 600).ToString(CultureInfo.InvariantCulture))},{s % 12},P{1 + (s % 7)},{s % 3 == 0}"));
        var folder = GenericShop.Write(temp.Folder("export"), transactions.ToString(), GenericShop.Csv(GenericShop.CustomersHeader, customers),
            GenericShop.Csv(GenericShop.ProductsHeader, products), GenericShop.Csv(GenericShop.SessionsHeader, sessions));

        var (parallel, serial) = IngestBothWays(temp, folder);

        Assert.Equal(WarehouseProbe.Fingerprint(serial), WarehouseProbe.Fingerprint(parallel));
        // Numbered in file order: the copied row is 51, so the last transaction is row 301, the last session row 200.
        Assert.Equal(301, WarehouseProbe.Count(parallel, "SELECT _row_number FROM bronze.generic_transactions WHERE transaction_id = 'T00300'"));
        Assert.Equal(200, WarehouseProbe.Count(parallel, "SELECT _row_number FROM bronze.generic_sessions WHERE session_id = 'S00200'"));
        Assert.Equal(7, WarehouseProbe.Count(parallel, "SELECT _row_number FROM bronze.generic_products WHERE product_id = 'P7'"));
        Assert.Equal(["customers.csv|18|age", "transactions.csv|122|quantity"],
            WarehouseProbe.Rows(parallel, "SELECT file_name || '|' || line || '|' || column_name FROM bronze.rejects ORDER BY file_name, line"));
        Assert.Equal(39, WarehouseProbe.Count(parallel, "SELECT _row_number FROM bronze.generic_customers WHERE customer_id = 'C0040'"));
    }

    private static (string Parallel, string Serial) IngestBothWays(TempFolder temp, string folder)
    {
        var parallel = temp.File("parallel.duckdb");
        var serial = temp.File("serial.duckdb");
        var fast = new Ingestor(new FixedTime(Now)).Ingest(parallel, new GenericSource(), folder, new IngestOptions());
        var slow = new Ingestor(new FixedTime(Now)).Ingest(serial, new GenericSource(), folder, new IngestOptions { ParallelReads = false });
        Assert.Equal(slow.RowsLoaded, fast.RowsLoaded);
        Assert.Equal(slow.RowsRejected, fast.RowsRejected);
        return (parallel, serial);
    }

    /// <summary>About 24 MB of transactions and 18 MB of sessions (DuckDB's reader splits a file into pieces of about 8 MB
    /// for its threads), with a fractional quantity, an amount of 10^13, an infinite duration and one copied transaction;
    /// with <paramref name="readerReject"/> also a timestamp the reader cannot read.</summary>
    private static string WriteShop(string folder, bool readerReject)
    {
        var transactions = new StringBuilder(GenericShop.TransactionsHeader).Append('\n');
        for (var i = 1; i <= Rows; i++)
        {
            var quantity = i == 150_000 ? "2.5" : (i % 97 == 0 ? "-1" : (1 + (i % 3)).ToString(CultureInfo.InvariantCulture));
            var price = i == 190_000 ? "1e13" : (5 + (i % 40) * 2.25 + (i % 1009 == 0 ? 400 : 0)).ToString(CultureInfo.InvariantCulture);
            var time = readerReject && i == 120_000 ? "2024-13-45 99:00:00" : $"2024-{1 + (i % 12):D2}-{1 + (i % 28):D2} {i % 24:D2}:{i % 60:D2}:{(i / 60) % 60:D2}";
            var row = string.Create(CultureInfo.InvariantCulture,
                $"T{i:D7},C{1 + (i % 500):D6},P{1 + (i % 40)},{quantity},{price},{(i % 5 == 0 ? "0.1" : "0")},{time},{(i % 2 == 0 ? "card" : "paypal")}");
            transactions.Append(row).Append('\n');
            if (i == 100_000)
            {
                transactions.Append(row).Append('\n');
            }
        }

        var sessions = new StringBuilder(GenericShop.SessionsHeader).Append('\n');
        for (var i = 1; i <= Rows; i++)
        {
            var duration = i == 160_000 ? "inf" : (i % 1800).ToString(CultureInfo.InvariantCulture);
            sessions.Append(string.Create(CultureInfo.InvariantCulture,
                $"S{i:D9},{(i % 11 == 0 ? "" : "C" + (1 + (i % 500)).ToString("D6", CultureInfo.InvariantCulture))},2024-{1 + (i % 12):D2}-{1 + (i % 28):D2} {i % 24:D2}:00:00,{duration},{i % 30},P{1 + (i % 40)},{i % 4 == 0}")).Append('\n');
        }

        var customers = Enumerable.Range(1, 500).Select(c => string.Create(CultureInfo.InvariantCulture, $"C{c:D6},2023-06-01,{20 + (c % 50)},DE,mail.com,organic"));
        var products = Enumerable.Range(1, 40).Select(p => string.Create(CultureInfo.InvariantCulture, $"P{p},Books,Fiction,Acme,{5 + ((p - 1) * 2.25)},0.3"));
        return GenericShop.Write(folder, transactions.ToString(), GenericShop.Csv(GenericShop.CustomersHeader, customers),
            GenericShop.Csv(GenericShop.ProductsHeader, products), sessions.ToString());
    }
}
