using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Cdnow;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Sources;

/// <summary>The CDNOW log: whitespace-separated lines, with or without a header; purchases by one customer on one day are
/// one order. Expected counts are derived by splitting the raw lines in C#.</summary>
public sealed class CdnowSourceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static IngestResult Ingest(string warehouse, string path, IngestOptions? options = null)
        => new Ingestor(new FixedTime(Now)).Ingest(warehouse, new CdnowSource(), path, options);

    private static List<string[]> Fields(string path, bool header)
        => File.ReadLines(path).Skip(header ? 1 : 0).Where(l => l.Trim().Length > 0)
               .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToList();

    [Fact]
    public void Ingest_SampleWithoutHeader_OneOrderPerCustomerAndDay()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        var rows = Fields(Samples.CdnowSample, header: false);

        var result = Ingest(warehouse, Samples.CdnowSample);

        Assert.Equal(0, result.RowsRejected);
        Assert.Equal(rows.Count, WarehouseProbe.Count(warehouse, "bronze.cdnow_sample"));
        Assert.Equal(rows.Select(r => r[0]).Distinct().Count(), WarehouseProbe.Count(warehouse, "silver.customers"));
        var orders = rows.Select(r => (r[0], r[2])).Distinct().Count();
        Assert.Equal(orders, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM staging_cdnow.orders"));
        var zeroValue = rows.Count(r => r[3] == "0" || double.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture) == 0);
        Assert.Equal(zeroValue, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.quality_issues WHERE check_name = 'cdnow_zero_value_purchases'"));
        // Ids keep their leading zeros; 1997 is not "before the shop opened" for this data set.
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.customers WHERE customer_id = '00004'"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.quality_issues WHERE check_name = 'pre_opening_timestamps'"));
        var dollars = rows.Where(r => r[3] != "0" && double.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture) > 0)
            .Sum(r => double.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(dollars, WarehouseProbe.Count(warehouse, "SELECT CAST(round(sum(line_amount) * 100) AS BIGINT) FROM silver.order_lines") / 100.0, 2);
    }

    [Fact]
    public void Ingest_MasterWithHeader_SkipsTheHeaderAndRejectsBadLines()
    {
        using var temp = new TempFolder();
        var path = temp.File("CDNOW_master.txt");
        var lines = File.ReadLines(Samples.CdnowMaster).Take(2001).ToList();
        lines.Add("");
        lines.Add("   ");
        lines.Add(" 00999 19970230  1   11.77");
        lines.Add(" 00999 19970301  1");
        File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n");
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, path);

        Assert.Equal(2000, WarehouseProbe.Count(warehouse, "bronze.cdnow_master"));
        Assert.Equal(2, result.RowsRejected);
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM bronze.rejects WHERE line = 2004 AND column_name = 'date'"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM bronze.rejects WHERE line = 2005 AND reason LIKE 'expected 4 %'"));
        var rows = Fields(path, header: true).Take(2000).ToList();
        // Blank lines are skipped, not rows.
        Assert.Equal(2000, WarehouseProbe.Count(warehouse, "SELECT max(_row_number) FROM bronze.cdnow_master"));
        Assert.Equal(rows.Select(r => (r[0], r[1])).Distinct().Count(), WarehouseProbe.Count(warehouse, "SELECT count(*) FROM staging_cdnow.orders"));
    }

    [Fact]
    public void Ingest_HeaderlessFileWithByteOrderMark_KeepsTheFirstIdClean()
    {
        using var temp = new TempFolder();
        var path = temp.File("CDNOW_sample.txt");
        File.WriteAllText(path, string.Join("\n", File.ReadLines(Samples.CdnowSample).Take(50)) + "\n", new System.Text.UTF8Encoding(true));
        var warehouse = temp.File("w.duckdb");

        Ingest(warehouse, path);

        Assert.Equal(50, WarehouseProbe.Count(warehouse, "bronze.cdnow_sample"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM bronze.cdnow_sample WHERE _row_number = 1 AND customer_id = '00004'"));
    }
}
