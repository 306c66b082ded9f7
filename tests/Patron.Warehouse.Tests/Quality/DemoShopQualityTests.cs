using Patron.Demo;
using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Quality;

/// <summary>The quality checks find exactly the defects the demo generator injected, no more and no fewer.</summary>
public sealed class DemoShopQualityTests
{
    [Theory]
    [InlineData(3_000UL, 3_000)]
    [InlineData(11UL, 8_000)]
    [InlineData(3_000UL, 3_000, true)]
    public void Quality_OnDemoShop_ReportsExactlyTheInjectedCounts(ulong seed, int customers, bool experiment = false)
    {
        using var temp = new TempFolder();
        var shop = DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = temp.Folder("shop"), Customers = customers, Seed = seed, DefectRate = 0.01,
            // The simulated experiment adds and rewrites clean rows only: the defect counts must still hold.
            Experiment = experiment ? new Patron.Demo.Experiment.DemoExperimentOptions() : null,
        });
        var warehouse = temp.File("w.duckdb");
        new Ingestor(new FixedTime(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero))).Ingest(warehouse, new GenericSource(), shop.OutputDirectory);

        QualityReport report;
        using (var connection = DuckDbConnection.Open(warehouse))
        {
            report = QualityReporter.Read(connection);
        }

        var truth = shop.Defects;
        Assert.Equal(truth.ExactDuplicates, report.Count("exact_duplicates"));
        Assert.Equal(truth.BusinessKeyDuplicates, report.Count("business_key_duplicates"));
        Assert.Equal(truth.NegativeQuantity, report.Count("negative_quantity"));
        Assert.Equal(truth.ZeroQuantity, report.Count("zero_quantity"));
        Assert.Equal(truth.ZeroOrNegativePrice, report.Count("zero_or_negative_price"));
        Assert.Equal(truth.PriceOutliers, report.Count("price_outliers"));
        Assert.Equal(truth.OrphanCustomers, report.Count("orphan_customers"));
        Assert.Equal(truth.OrphanProducts, report.Count("orphan_products"));
        Assert.Equal(truth.FutureTimestamps, report.Count("future_timestamps"));
        Assert.Equal(truth.PreOpeningTimestamps, report.Count("pre_opening_timestamps"));
        Assert.Equal(truth.RegistrationAfterFirstPurchase, report.Count("registration_after_first_purchase"));
        foreach (var (column, count) in truth.MissingValues)
        {
            Assert.Equal(count, report.Count("missing_values", column));
        }

        // Columns the generator never leaves empty are reported with zero missing values.
        Assert.Equal(0, report.Count("missing_values", "transactions.customer_id"));
        Assert.Equal(0, report.Count("rejected_rows"));
        Assert.True(truth.ExactDuplicates > 0 && truth.PriceOutliers > 0 && truth.OrphanCustomers > 0, "the shop must carry defects for this test to mean anything");
    }

    [Fact]
    public void Silver_OnDemoShop_AppliesTheDocumentedResolutions()
    {
        using var temp = new TempFolder();
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = temp.Folder("shop"), Customers = 2_000, Seed = 5, DefectRate = 0.01 });
        var warehouse = temp.File("w.duckdb");
        new Ingestor(new FixedTime(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero))).Ingest(warehouse, new GenericSource(), shop.OutputDirectory);
        var d = shop.Defects;

        // Every bronze row is accounted for: in silver, dropped as a copy, or quarantined with a reason.
        var bronze = WarehouseProbe.Count(warehouse, "bronze.generic_transactions");
        var silverOrders = WarehouseProbe.Count(warehouse, "silver.orders");
        var setAside = d.ExactDuplicates + d.BusinessKeyDuplicates + d.ZeroQuantity + d.ZeroOrNegativePrice + d.OrphanCustomers + d.OrphanProducts
                       + d.FutureTimestamps + d.PreOpeningTimestamps;
        Assert.Equal(bronze - setAside, silverOrders);
        Assert.Equal(d.NegativeQuantity, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.order_lines WHERE is_return AND line_amount < 0"));
        Assert.Equal(d.PriceOutliers, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.order_lines WHERE is_outlier"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders o WHERE NOT EXISTS (SELECT 1 FROM silver.customers c WHERE c.customer_id = o.customer_id)"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE ordered_at >= TIMESTAMP '2026-11-01' OR ordered_at < TIMESTAMP '2000-01-01'"));

        // Keys are unique by construction (silver declares no index); the shop's duplicates make this a real check.
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) - count(DISTINCT order_id) FROM silver.orders"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) - count(DISTINCT (order_id, line_number)) FROM silver.order_lines"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) - count(DISTINCT customer_id) FROM silver.customers"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "SELECT count(*) - count(DISTINCT product_id) FROM silver.products"));
    }
}
