using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Sources.Olist;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Sources;

/// <summary>The Olist sample as published: every file read, persons as customers, purchases by status, reviews with
/// multi-line comments. Expected numbers are counted from the raw files with <see cref="CsvRecords"/>.</summary>
public sealed class OlistSourceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly QualityPolicy KeepOrphans = new() { KeepOrphans = true };

    private static IngestResult Ingest(string warehouse, string folder, IngestOptions? options = null, DateTimeOffset? at = null)
        => new Ingestor(new FixedTime(at ?? Now)).Ingest(warehouse, new OlistSource(), folder, options);

    private static CsvRecords File(string folder, string name) => CsvRecords.Read(Path.Combine(folder, name));

    [Fact]
    public void Ingest_Sample_LoadsEveryFileWithTheRowCountsOfTheFiles()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");

        var result = Ingest(warehouse, Samples.Olist);

        Assert.Equal(0, result.RowsRejected);
        var expected = new Dictionary<string, string>
        {
            ["customers"] = "olist_customers_dataset.csv",
            ["orders"] = "olist_orders_dataset.csv",
            ["order_items"] = "olist_order_items_dataset.csv",
            ["order_payments"] = "olist_order_payments_dataset.csv",
            ["order_reviews"] = "olist_order_reviews_dataset.csv",
            ["products"] = "olist_products_dataset.csv",
            ["sellers"] = "olist_sellers_dataset.csv",
            ["geolocation"] = "olist_geolocation_dataset.csv",
            ["category_translation"] = "product_category_name_translation.csv",
        };
        foreach (var (key, name) in expected)
        {
            Assert.Equal(File(Samples.Olist, name).Rows.Count, WarehouseProbe.Count(warehouse, $"bronze.olist_{key}"));
        }
    }

    [Fact]
    public void Ingest_Sample_KeepsOnlyTheOrdersWhoseCustomerIsInTheSample()
    {
        // "The Olist sample ingests only 1 order" is the sample's nature, not a defect: each file of tests/data is the
        // first rows of its own Kaggle file, so only one of the 300 orders names one of the 200 sampled customers. The
        // other orders are quarantined as orphans (kept with --keep-orphans), never lost.
        using var temp = new TempFolder();
        var customers = File(Samples.Olist, "olist_customers_dataset.csv");
        var known = customers.Column("customer_id").ToHashSet(StringComparer.Ordinal);
        var orders = File(Samples.Olist, "olist_orders_dataset.csv");
        var withCustomer = orders.Column("customer_id").Count(known.Contains);
        Assert.Equal(1, withCustomer);

        var strict = temp.File("strict.duckdb");
        Ingest(strict, Samples.Olist);
        var kept = temp.File("kept.duckdb");
        Ingest(kept, Samples.Olist, new IngestOptions { Policy = KeepOrphans });

        Assert.Equal(withCustomer, WarehouseProbe.Count(strict, "silver.orders"));
        Assert.Equal(orders.Rows.Count, WarehouseProbe.Count(kept, "silver.orders"));
    }

    [Fact]
    public void Ingest_Sample_CustomerIsThePersonNotThePerOrderId()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");

        Ingest(warehouse, Samples.Olist, new IngestOptions { Policy = KeepOrphans });

        var customers = File(Samples.Olist, "olist_customers_dataset.csv");
        var persons = customers.Column("customer_unique_id").Distinct().Count();
        Assert.Equal(persons, WarehouseProbe.Count(warehouse, "silver.customers"));
        var personOf = customers.Rows.ToDictionary(r => r[customers.Index("customer_id")], r => r[customers.Index("customer_unique_id")]);
        var orders = File(Samples.Olist, "olist_orders_dataset.csv");
        var mapped = orders.Rows.Where(r => personOf.ContainsKey(r[orders.Index("customer_id")])).ToList();
        Assert.NotEmpty(mapped);
        using var connection = DuckDbConnection.Open(warehouse, new DuckDbConfig { ReadOnly = true });
        foreach (var row in mapped)
        {
            using var statement = connection.Prepare("SELECT customer_id FROM silver.orders WHERE order_id = ?");
            statement.Bind(1, row[orders.Index("order_id")]);
            Assert.Equal(personOf[row[orders.Index("customer_id")]], statement.Scalar<string>());
        }

        // Leading zeros of the zip prefix survive.
        var zeros = customers.Rows.Where(r => r[customers.Index("customer_zip_code_prefix")].StartsWith('0'))
            .Select(r => r[customers.Index("customer_unique_id")]).Distinct().Count();
        Assert.True(zeros > 0);
        Assert.Equal(zeros, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.customers WHERE zip_prefix LIKE '0%' AND length(zip_prefix) = 5"));
    }

    [Fact]
    public void Ingest_RepeatBuyer_IsOneCustomerWithSeveralOrders()
    {
        using var temp = new TempFolder();
        var folder = Samples.CopyFolder(Samples.Olist, temp.Folder("olist"));
        // Two per-order ids of one person, each with an order (the sample's customer file lacks a final newline).
        System.IO.File.AppendAllText(Path.Combine(folder, "olist_customers_dataset.csv"),
            "\n\"c-one\",\"person-1\",\"01001\",sao paulo,SP\n\"c-two\",\"person-1\",\"01001\",sao paulo,SP\n");
        System.IO.File.AppendAllText(Path.Combine(folder, "olist_orders_dataset.csv"),
            "o-one,c-one,delivered,2018-01-02 10:00:00,2018-01-02 11:00:00,2018-01-03 10:00:00,2018-01-08 10:00:00,2018-01-20 00:00:00\n"
            + "o-two,c-two,canceled,2018-03-02 10:00:00,,,,2018-03-20 00:00:00\n");
        var warehouse = temp.File("w.duckdb");

        Ingest(warehouse, folder, new IngestOptions { Policy = KeepOrphans });

        Assert.Equal(2, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE customer_id = 'person-1'"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.customers WHERE customer_id = 'person-1' AND zip_prefix = '01001'"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE customer_id = 'person-1' AND is_purchase"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE order_id = 'o-two' AND is_cancellation AND NOT is_purchase"));
        // Delivered after 6 days, 11 days and 14 hours before the promised day.
        Assert.Equal(1, WarehouseProbe.Count(warehouse,
            "SELECT count(*) FROM silver.order_delivery WHERE order_id = 'o-one' AND delivery_days = 6 AND abs(delay_days + (11 + 14.0 / 24)) < 1e-9"));
    }

    [Fact]
    public void Ingest_Sample_PurchasesFollowTheConfiguredStatuses()
    {
        using var temp = new TempFolder();
        var orders = File(Samples.Olist, "olist_orders_dataset.csv");
        var status = orders.Index("order_status");
        var delivered = orders.Rows.Count(r => r[status] == "delivered");
        var deliveredOrShipped = orders.Rows.Count(r => r[status] is "delivered" or "shipped");
        Assert.NotEqual(delivered, deliveredOrShipped);

        var first = temp.File("a.duckdb");
        Ingest(first, Samples.Olist, new IngestOptions { Policy = KeepOrphans });
        var second = temp.File("b.duckdb");
        Ingest(second, Samples.Olist, new IngestOptions { Policy = KeepOrphans, PurchaseStatuses = ["delivered", "Shipped"] });

        Assert.Equal(orders.Rows.Count, WarehouseProbe.Count(first, "silver.orders"));
        Assert.Equal(delivered, WarehouseProbe.Count(first, "SELECT count(*) FROM silver.orders WHERE is_purchase"));
        Assert.Equal(deliveredOrShipped, WarehouseProbe.Count(second, "SELECT count(*) FROM silver.orders WHERE is_purchase"));
        Assert.Equal(orders.Rows.Count - delivered, WarehouseProbe.Count(first, "SELECT count(*) FROM silver.quality_issues WHERE check_name = 'olist_not_a_purchase'"));
    }

    [Fact]
    public void Ingest_Sample_ReviewsKeepMultiLineCommentsAndPaymentsAndCategoriesArrive()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");

        Ingest(warehouse, Samples.Olist);

        var reviews = File(Samples.Olist, "olist_order_reviews_dataset.csv");
        var message = reviews.Index("review_comment_message");
        var title = reviews.Index("review_comment_title");
        var multiLine = reviews.Rows.Count(r => r[message].Contains('\n', StringComparison.Ordinal));
        Assert.True(multiLine > 0);
        Assert.Equal(multiLine, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM bronze.olist_order_reviews WHERE review_comment_message LIKE '%' || chr(10) || '%'"));
        var keys = reviews.Rows.Select(r => (r[reviews.Index("review_id")], r[reviews.Index("order_id")])).Distinct().Count();
        Assert.Equal(keys, WarehouseProbe.Count(warehouse, "silver.reviews"));
        var commented = reviews.Rows.Where(r => r[message].Trim().Length > 0 || r[title].Trim().Length > 0)
            .Select(r => (r[reviews.Index("review_id")], r[reviews.Index("order_id")])).Distinct().Count();
        Assert.Equal(commented, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.reviews WHERE has_comment"));

        var products = File(Samples.Olist, "olist_products_dataset.csv");
        var payments = File(Samples.Olist, "olist_order_payments_dataset.csv");
        Assert.Equal(payments.Rows.Count, WarehouseProbe.Count(warehouse, "silver.payments"));

        // Base price: the median item price of each product that sold.
        var items = File(Samples.Olist, "olist_order_items_dataset.csv");
        var productIds = File(Samples.Olist, "olist_products_dataset.csv").Column("product_id").ToHashSet();
        var priced = items.Rows.Where(r => productIds.Contains(r[items.Index("product_id")])).GroupBy(r => r[items.Index("product_id")]).First();
        var median = priced.Select(r => double.Parse(r[items.Index("price")], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        var expectedMedian = median.Count % 2 == 1 ? median[median.Count / 2] : (median[(median.Count / 2) - 1] + median[median.Count / 2]) / 2;
        Assert.Equal(1, WarehouseProbe.Count(warehouse,
            $"SELECT count(*) FROM silver.products WHERE product_id = '{priced.Key}' AND abs(base_price - {expectedMedian.ToString(System.Globalization.CultureInfo.InvariantCulture)}) < 1e-9"));
        Assert.Equal(products.Column("product_id").Count(items.Column("product_id").ToHashSet().Contains),
            WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.products WHERE base_price IS NOT NULL"));

        var translation = File(Samples.Olist, "product_category_name_translation.csv");
        var english = translation.Rows.ToDictionary(r => r[0], r => r[1]);
        var translated = products.Column("product_category_name").Count(english.ContainsKey);
        Assert.True(translated > 0);
        Assert.Equal(translated, WarehouseProbe.Count(warehouse,
            "SELECT count(*) FROM silver.products p WHERE p.category IN (SELECT product_category_name_english FROM bronze.olist_category_translation)"));
    }

    [Fact]
    public void Quality_Sample_ReportsTheOlistChecksWithCountsFromTheFiles()
    {
        using var temp = new TempFolder();
        var folder = Samples.CopyFolder(Samples.Olist, temp.Folder("olist"));
        // Take the delivery date off one delivered order, so that check has something to find.
        var ordersPath = Path.Combine(folder, "olist_orders_dataset.csv");
        var lines = System.IO.File.ReadAllLines(ordersPath);
        var victim = Array.FindIndex(lines, l => l.Contains(",delivered,", StringComparison.Ordinal) && !l.Contains(",,", StringComparison.Ordinal));
        var parts = lines[victim].Split(',');
        parts[6] = "";
        lines[victim] = string.Join(',', parts);
        System.IO.File.WriteAllLines(ordersPath, lines);
        var warehouse = temp.File("w.duckdb");

        Ingest(warehouse, folder);

        var orders = CsvRecords.Read(ordersPath);
        var items = File(folder, "olist_order_items_dataset.csv");
        var itemOrders = items.Column("order_id").ToHashSet();
        var orderIds = orders.Column("order_id").ToHashSet();
        var withoutItems = orders.Column("order_id").Count(o => !itemOrders.Contains(o));
        var itemsWithoutOrder = items.Column("order_id").Count(o => !orderIds.Contains(o));
        var deliveredNoDate = orders.Rows.Count(r => r[orders.Index("order_status")] == "delivered" && r[orders.Index("order_delivered_customer_date")].Length == 0);
        Assert.Equal(1, deliveredNoDate);

        QualityReport report;
        using (var connection = DuckDbConnection.Open(warehouse, new DuckDbConfig { ReadOnly = true }))
        {
            report = QualityReporter.Read(connection);
        }

        Assert.Equal(withoutItems, report.Count("olist_order_without_items"));
        Assert.Equal(itemsWithoutOrder, report.Count("olist_items_without_order"));
        Assert.Equal(deliveredNoDate, report.Count("olist_delivered_without_date"));
        Assert.Contains(report.Checks, c => c.Name == "olist_delivered_without_date");
        Assert.Contains("Olist delivered orders without a delivery date", QualityHtml.Render(report), StringComparison.Ordinal);
    }
}
