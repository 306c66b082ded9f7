using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Sources.OnlineRetail;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Sources;

/// <summary>UCI Online Retail: invoices as orders, C invoices as cancellations, lines without a customer counted and kept
/// out of customer-level silver, non-product codes flagged, dates in ISO or month-first form.</summary>
public sealed class OnlineRetailSourceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    /// <summary>Month-first like the UCI original: 536365 is on 1 December 2010; C536379 cancels a purchase of 22633 by
    /// 17850; C536380 cancels 22728, which 17850 never bought; 536381 has no customer; 536382 has a line at price 0.</summary>
    private static readonly string[] MonthFirst =
    [
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom",
        "536365,22633,HAND WARMER UNION JACK,6,12/1/2010 8:26,1.85,17850,United Kingdom",
        "536365,POST,POSTAGE,1,12/1/2010 8:26,18,17850,United Kingdom",
        "C536379,22633,HAND WARMER UNION JACK,-2,12/1/2010 9:41,1.85,17850,United Kingdom",
        "C536380,22728,ALARM CLOCK BAKELIKE PINK,-1,12/1/2010 9:45,3.75,17850,United Kingdom",
        "536381,22139,\"RETROSPOT TEA SET, CERAMIC\",3,12/1/2010 9:47,4.95,,United Kingdom",
        "536381,22140,RETROSPOT CAKE STAND,1,12/1/2010 9:47,10.95,,United Kingdom",
        "536382,22141,CHRISTMAS CRAFT TREE,1,12/13/2010 10:02,0,13047,United Kingdom",
        "536382,22142,CHRISTMAS CRAFT WHITE FAIRY,2,12/13/2010 10:02,1.45,13047,United Kingdom",
    ];

    private static IngestResult Ingest(string warehouse, string path, IngestOptions? options = null, DateTimeOffset? at = null)
        => new Ingestor(new FixedTime(at ?? Now)).Ingest(warehouse, new OnlineRetailSource(), path, options);

    private static string Write(TempFolder temp, string name, string header, IEnumerable<string> rows)
    {
        var path = temp.File(name);
        File.WriteAllText(path, header + "\n" + string.Join("\n", rows) + "\n");
        return path;
    }

    [Fact]
    public void Ingest_Sample_InvoicesAreOrdersAndCancellationsAreNegative()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        var sample = CsvRecords.Read(Path.Combine(Samples.OnlineRetail, "online_retail.csv"));
        var invoice = sample.Index("InvoiceNo");
        var customer = sample.Index("CustomerID");

        var result = Ingest(warehouse, Samples.OnlineRetail);

        Assert.Equal(0, result.RowsRejected);
        Assert.Equal(sample.Rows.Count, WarehouseProbe.Count(warehouse, "bronze.online_retail_lines"));
        Assert.Equal(sample.Rows.Count, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM staging_online_retail.order_lines"));
        Assert.Equal(sample.Column("InvoiceNo").Distinct().Count(), WarehouseProbe.Count(warehouse, "SELECT count(*) FROM staging_online_retail.orders"));
        var cancellations = sample.Rows.Where(r => r[invoice].StartsWith('C')).ToList();
        Assert.NotEmpty(cancellations);
        Assert.Equal(cancellations.Select(r => r[invoice]).Distinct().Count(),
            WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE is_cancellation AND NOT is_purchase AND customer_id IS NOT NULL"));
        Assert.Equal(cancellations.Count, WarehouseProbe.Count(warehouse,
            "SELECT count(*) FROM silver.order_lines l JOIN silver.orders o USING (order_id) WHERE o.is_cancellation AND l.is_return AND l.line_amount < 0"));
        Assert.Equal(sample.Column("CustomerID").Where(c => c.Length > 0).Distinct().Count(), WarehouseProbe.Count(warehouse, "silver.customers"));
        Assert.Equal(sample.Rows.Count(r => r[customer].Length == 0), WarehouseProbe.Count(warehouse,
            "SELECT count(*) FROM silver.quality_issues WHERE check_name = 'retail_lines_without_customer'"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.products WHERE product_id = 'POST' AND is_non_product"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.products WHERE product_id = '85123A' AND is_non_product"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE order_id = '536365' AND ordered_at = TIMESTAMP '2010-12-01 08:26:00'"));
    }

    [Fact]
    public void Ingest_MonthFirstDates_AreReadAsTheUciOriginalAndTheChecksCount()
    {
        using var temp = new TempFolder();
        var path = Write(temp, "online_retail.csv", Header, MonthFirst);
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, path);

        Assert.Equal(0, result.RowsRejected);
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE order_id = '536382' AND ordered_at = TIMESTAMP '2010-12-13 10:02:00'"));
        // The invoice without a customer stays in bronze and out of silver, with a counted reason.
        Assert.Equal(2, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM bronze.online_retail_lines WHERE InvoiceNo = '536381'"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE order_id = '536381'"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.quality_issues WHERE check_name = 'missing_customer' AND entity_key = '536381'"));

        QualityReport report;
        using (var connection = DuckDbConnection.Open(warehouse, new DuckDbConfig { ReadOnly = true }))
        {
            report = QualityReporter.Read(connection);
        }

        Assert.Equal(2, report.Count("retail_lines_without_customer"));
        Assert.Equal(1, report.Count("retail_cancellation_without_purchase"));
        Assert.Equal(1, report.Count("retail_zero_price"));
        Assert.Equal(1, report.Count("retail_non_product_lines"));
        Assert.Equal(2, report.Count("negative_quantity"));
        Assert.Contains("Online Retail cancellations without a matching purchase", QualityHtml.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_DatesThatReadBothWays_FailNamingFileColumnAndExamples()
    {
        using var temp = new TempFolder();
        var path = Write(temp, "online_retail.csv", Header,
            ["536365,85123A,HOLDER,6,1/2/2011 8:26,2.55,17850,United Kingdom", "536366,71053,LANTERN,6,3/4/2011 9:00,3.39,17850,United Kingdom"]);
        var warehouse = temp.File("w.duckdb");

        var error = Assert.Throws<InputException>(() => Ingest(warehouse, path));

        Assert.Equal("online_retail.csv", error.File);
        Assert.Equal("InvoiceDate", error.Column);
        Assert.Contains("1/2/2011 8:26", error.Message, StringComparison.Ordinal);
        Assert.Contains("3/4/2011 9:00", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(warehouse));

        Ingest(warehouse, path, new IngestOptions { DateOrder = DateOrder.DayFirst });
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE order_id = '536365' AND ordered_at = TIMESTAMP '2011-02-01 08:26:00'"));
    }

    [Fact]
    public void Ingest_OnlineRetailIIHeaderAndDecimalCustomerIds_AreTheSamePerson()
    {
        using var temp = new TempFolder();
        var path = Write(temp, "online_retail_II.csv", "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country",
        [
            "489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom",
            "489435,22350,CAT BOWL,12,2009-12-01 07:46:00,2.55,13085,United Kingdom",
        ]);
        var warehouse = temp.File("w.duckdb");

        Ingest(warehouse, path);

        Assert.Equal(1, WarehouseProbe.Count(warehouse, "silver.customers"));
        Assert.Equal(2, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE customer_id = '13085'"));
    }

    [Fact]
    public void Ingest_TwoExportsOfTheShop_AppendAndTheSameExportTwiceIsANoOp()
    {
        using var temp = new TempFolder();
        var first = Write(temp, "retail_2010.csv", Header, MonthFirst[..5]);
        var second = Write(temp, "retail_2011.csv", Header, MonthFirst[5..]);
        var warehouse = temp.File("w.duckdb");
        // The first export only spans 1 December: its dates read both ways, so the order is stated.
        var options = new IngestOptions { DateOrder = DateOrder.MonthFirst };
        Ingest(warehouse, first, options);
        var before = WarehouseProbe.Fingerprint(warehouse);

        Assert.True(Ingest(warehouse, first, options, Now.AddHours(1)).NothingNew);
        Assert.Equal(before, WarehouseProbe.Fingerprint(warehouse));

        Ingest(warehouse, second, at: Now.AddHours(2));
        Assert.Equal(MonthFirst.Length, WarehouseProbe.Count(warehouse, "bronze.online_retail_lines"));
        // 536365, C536379, C536380 from the first; 536382 from the second (536381 has no customer).
        Assert.Equal(4, WarehouseProbe.Count(warehouse, "silver.orders"));
    }

    [Fact]
    public void Ingest_UnderACommaDecimalCulture_ReadsTheSameAmounts()
    {
        using var temp = new TempFolder();
        var path = Write(temp, "online_retail.csv", Header, MonthFirst);
        var warehouse = temp.File("w.duckdb");
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // Built by hand: the test host may run in globalization-invariant mode, without named cultures.
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            comma.DateTimeFormat.ShortDatePattern = "dd.MM.yyyy";
            comma.DateTimeFormat.TimeSeparator = ".";
            comma.DateTimeFormat.DateSeparator = ".";
            System.Globalization.CultureInfo.CurrentCulture = comma;
            Ingest(warehouse, path);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }

        // 6 x 2.55 + 6 x 1.85 + 18 for 536365.
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM (SELECT sum(line_amount) AS s FROM silver.order_lines WHERE order_id = '536365') WHERE abs(s - 44.4) < 1e-9"));
    }
}
