using System.Globalization;
using Patron.Demo;
using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Tests.Support;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Features.Tests.Build;

/// <summary>KPIs are gathered as partial sums per partition of customers and added up at the end: the gold.kpi_* tables
/// must not depend on how many partitions the build ran in, and must equal the KPIs defined over the whole shop.</summary>
public sealed class KpiPartitionTests
{
    private static readonly DateOnly RandomCutoff = new(2024, 4, 1);
    private static readonly DateOnly DemoCutoff = new(2026, 4, 1);

    /// <summary>The shop's orders, order amounts and cohorts before the demo cutoff, written from silver without the
    /// builder's tables (base.sql's rules: known customers, purchases and cancellations, outlier lines left out, return
    /// documents counting only what they give back).</summary>
    private static readonly string WholeShopSql = string.Create(CultureInfo.InvariantCulture, $"""
        CREATE TEMP TABLE w_lines AS
        SELECT o.order_id, o.customer_id, o.is_purchase, CAST(l.line_amount AS DECIMAL(18, 6)) AS amount,
               CAST(l.quantity AS DECIMAL(18, 6)) AS quantity, l.product_id
        FROM silver.orders o JOIN silver.order_lines l ON l.order_id = o.order_id
        WHERE o.customer_id IS NOT NULL AND o.ordered_at < DATE '{DemoCutoff:yyyy-MM-dd}' AND (o.is_purchase OR o.is_cancellation)
          AND NOT l.is_outlier AND (o.is_purchase OR l.line_amount < 0);
        CREATE TEMP TABLE w_orders AS
        SELECT o.order_id, o.customer_id, o.ordered_at, o.is_purchase,
               coalesce((SELECT sum(l.amount) FROM w_lines l WHERE l.order_id = o.order_id), 0) AS amount
        FROM silver.orders o
        WHERE o.customer_id IS NOT NULL AND o.ordered_at < DATE '{DemoCutoff:yyyy-MM-dd}' AND (o.is_purchase OR o.is_cancellation);
        CREATE TEMP TABLE w_cohorts AS
        SELECT customer_id, date_trunc('month', CAST(min(ordered_at) AS DATE)) AS cohort FROM w_orders WHERE is_purchase GROUP BY 1;
        CREATE TEMP TABLE w_product_lines AS
        SELECT coalesce(p.category, '(none)') AS category, l.*
        FROM w_lines l LEFT JOIN silver.products p ON p.product_id = l.product_id
        WHERE NOT coalesce(p.is_non_product, FALSE);
        """);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Build_RandomShopInTwoToSevenPartitions_KpiTablesEqualOnePartition(int seed)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new RandomShop(seed, RandomCutoff).Build().WriteTo(connection);
        WebEventsBeforeTheCutoff(seed).WriteTo(connection);

        AssertKpisIndependentOfPartitions(connection, RandomCutoff, () =>
        {
            Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.kpi_cohort_retention") > 0);
            Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.kpi_funnel_product") > 0);
        });
    }

    [Fact]
    public void Build_DemoShopInTwoToSevenPartitions_KpiTablesEqualOnePartition()
    {
        using var folder = new TempFolder();
        using var connection = OpenDemoShop(folder, seed: 23);

        AssertKpisIndependentOfPartitions(connection, DemoCutoff, () =>
            Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.kpi_daily") > 300));
    }

    /// <summary>Builds in one partition (then checks the one-partition tables hold something to compare), then in
    /// 2–7 partitions, and asserts every kpi table is the same each time.</summary>
    private static void AssertKpisIndependentOfPartitions(DuckDbConnection connection, DateOnly cutoff, Action checkOnePartition)
    {
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = cutoff, Partitions = 1 });
        var whole = GoldSnapshot.Text(connection, "kpi%");
        checkOnePartition();
        for (var partitions = 2; partitions <= 7; partitions++)
        {
            FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = cutoff, Partitions = partitions });
            Assert.Equal(whole, GoldSnapshot.Text(connection, "kpi%"));
        }
    }

    [Fact]
    public void Build_DemoShopInFivePartitions_KpisEqualTheirDefinitionOverTheWholeShop()
    {
        using var folder = new TempFolder();
        using var connection = OpenDemoShop(folder, seed: 7);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = DemoCutoff, Partitions = 5 });
        connection.Execute(WholeShopSql);

        AssertSameRows(connection, "SELECT month, revenue, orders, active_customers, new_customers FROM gold.kpi_monthly", """
            SELECT CAST(date_trunc('month', o.ordered_at) AS DATE), sum(o.amount), count(*) FILTER (WHERE o.is_purchase),
                   count(DISTINCT o.customer_id) FILTER (WHERE o.is_purchase),
                   count(DISTINCT o.customer_id) FILTER (WHERE o.is_purchase AND date_trunc('month', o.ordered_at) = c.cohort)
            FROM w_orders o JOIN w_cohorts c USING (customer_id) GROUP BY 1
            """);
        AssertSameRows(connection, "SELECT day, revenue, orders, active_customers FROM gold.kpi_daily", """
            SELECT CAST(o.ordered_at AS DATE), sum(o.amount), count(*) FILTER (WHERE o.is_purchase),
                   count(DISTINCT o.customer_id) FILTER (WHERE o.is_purchase)
            FROM w_orders o JOIN w_cohorts c USING (customer_id) GROUP BY 1
            """);
        AssertSameRows(connection, "SELECT cohort_month, months_since_first, cohort_customers, active_customers, retention, revenue FROM gold.kpi_cohort_retention", """
            WITH size AS (SELECT cohort, count(*) AS n FROM w_cohorts GROUP BY cohort)
            SELECT CAST(c.cohort AS DATE), date_diff('month', c.cohort, date_trunc('month', o.ordered_at)), s.n,
                   count(DISTINCT o.customer_id) FILTER (WHERE o.is_purchase),
                   count(DISTINCT o.customer_id) FILTER (WHERE o.is_purchase) / s.n, sum(o.amount)
            FROM w_orders o JOIN w_cohorts c USING (customer_id) JOIN size s ON s.cohort = c.cohort GROUP BY 1, 2, 3
            """);
        AssertSameRows(connection, "SELECT cohort_month, customers, orders, revenue, revenue_per_customer FROM gold.kpi_cohort", """
            SELECT CAST(c.cohort AS DATE), count(DISTINCT o.customer_id), count(*) FILTER (WHERE o.is_purchase), sum(o.amount),
                   sum(o.amount) / count(DISTINCT o.customer_id)
            FROM w_orders o JOIN w_cohorts c USING (customer_id) GROUP BY 1
            """);
        AssertSameRows(connection, "SELECT acquisition_channel, customers, orders, revenue, revenue_per_customer FROM gold.kpi_channel", """
            SELECT coalesce(a.acquisition_channel, '(unknown)'), count(DISTINCT o.customer_id), count(*) FILTER (WHERE o.is_purchase),
                   sum(o.amount), sum(o.amount) / count(DISTINCT o.customer_id)
            FROM w_orders o JOIN w_cohorts c USING (customer_id) LEFT JOIN silver.customers a ON a.customer_id = o.customer_id GROUP BY 1
            """);
        AssertSameRows(connection, "SELECT weekday, orders, revenue FROM gold.kpi_weekday", """
            SELECT isodow(o.ordered_at), count(*) FILTER (WHERE o.is_purchase), sum(o.amount)
            FROM w_orders o JOIN w_cohorts c USING (customer_id) GROUP BY 1
            """);
        AssertSameRows(connection, "SELECT category, revenue, revenue_share, orders, units, customers, return_share FROM gold.kpi_category", """
            SELECT category, sum(amount), sum(amount) / sum(sum(amount)) OVER (),
                   count(DISTINCT order_id) FILTER (WHERE is_purchase), coalesce(sum(quantity) FILTER (WHERE is_purchase), 0),
                   count(DISTINCT customer_id) FILTER (WHERE is_purchase),
                   -coalesce(sum(amount) FILTER (WHERE NOT is_purchase), 0) / nullif(sum(amount) FILTER (WHERE is_purchase), 0)
            FROM w_product_lines GROUP BY 1
            """);

        // The average order value is purchase revenue over purchases: the mean of the purchases' amounts, to rounding.
        var worst = connection.Scalar<double>("""
            WITH r AS (SELECT CAST(date_trunc('month', ordered_at) AS DATE) AS month, avg(amount) FILTER (WHERE is_purchase) AS aov
                       FROM w_orders o JOIN w_cohorts c USING (customer_id) GROUP BY 1)
            SELECT max(abs(g.aov - r.aov) / r.aov) FROM gold.kpi_monthly g JOIN r USING (month)
            """);
        Assert.InRange(worst, 0.0, 1e-14);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void Build_InPartitions_ReadsEveryPartitionsOrdersOnceAndNeverTheWholeShop(int partitions)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new RandomShop(2, RandomCutoff).Build().WriteTo(connection);
        var steps = new List<string>();

        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = RandomCutoff, Partitions = partitions }, new Steps(steps));

        Assert.Equal(partitions, steps.Count(s => s.Contains("selecting rows before the cutoff", StringComparison.Ordinal)));
        Assert.Equal(partitions, steps.Count(s => s.EndsWith("KPI partial sums", StringComparison.Ordinal)));
        Assert.Equal(1, steps.Count(s => s == "KPIs"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name LIKE 'kx%'"));
    }

    [Fact]
    public void Build_KpiTables_KeepTheirColumnsAndTypes()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new RandomShop(4, RandomCutoff).Build().WriteTo(connection);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = RandomCutoff, Partitions = 3 });

        var columns = connection.Query("""
            SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_index) AS columns
            FROM duckdb_columns() WHERE schema_name = 'gold' AND table_name LIKE 'kpi%' GROUP BY 1 ORDER BY 1
            """);
        var actual = new List<string>();
        for (var i = 0; i < columns.RowCount; i++)
        {
            actual.Add(columns["table_name"].GetString(i) + ": " + columns["columns"].GetString(i));
        }

        const string Money = "DECIMAL(38,6)";
        string[] expected =
        [
            $"kpi_category: as_of DATE, category VARCHAR, revenue {Money}, revenue_share DOUBLE, orders BIGINT, units {Money}, customers BIGINT, return_share DOUBLE",
            $"kpi_channel: as_of DATE, acquisition_channel VARCHAR, customers BIGINT, orders BIGINT, revenue {Money}, aov DOUBLE, revenue_per_customer DOUBLE",
            $"kpi_cohort: as_of DATE, cohort_month DATE, customers BIGINT, orders BIGINT, revenue {Money}, aov DOUBLE, revenue_per_customer DOUBLE",
            $"kpi_cohort_retention: as_of DATE, cohort_month DATE, months_since_first BIGINT, cohort_customers BIGINT, active_customers BIGINT, retention DOUBLE, revenue {Money}",
            $"kpi_daily: as_of DATE, day DATE, revenue {Money}, orders BIGINT, aov DOUBLE, active_customers BIGINT",
            "kpi_funnel_category: as_of DATE, category VARCHAR, views HUGEINT, carts HUGEINT, purchases HUGEINT, view_to_cart DOUBLE, cart_to_purchase DOUBLE, view_to_purchase DOUBLE",
            "kpi_funnel_product: as_of DATE, product_id VARCHAR, category VARCHAR, views HUGEINT, carts HUGEINT, purchases HUGEINT, view_to_cart DOUBLE, cart_to_purchase DOUBLE, view_to_purchase DOUBLE",
            $"kpi_month_of_year: as_of DATE, month_of_year BIGINT, month_name VARCHAR, orders BIGINT, revenue {Money}, aov DOUBLE",
            $"kpi_monthly: as_of DATE, month DATE, revenue {Money}, orders BIGINT, aov DOUBLE, active_customers BIGINT, new_customers BIGINT",
            $"kpi_weekday: as_of DATE, weekday BIGINT, weekday_name VARCHAR, orders BIGINT, revenue {Money}, aov DOUBLE",
        ];
        Assert.Equal(expected, actual);
    }

    /// <summary>Views, carts and purchases of the random shop's products by its first customers, before the cutoff.</summary>
    private static SilverShop WebEventsBeforeTheCutoff(int seed)
    {
        var random = new Random(seed);
        var shop = new SilverShop();
        string[] steps = ["view", "cart", "purchase"];
        for (var session = 1; session <= 12; session++)
        {
            var at = RandomCutoff.ToDateTime(TimeOnly.MinValue).AddDays(-random.Next(1, 400));
            var product = $"P{random.Next(1, 9)}";
            for (var step = random.Next(0, 3); step >= 0; step--)
            {
                shop.Event($"W{session}", $"C{random.Next(1, 5)}", at.AddMinutes(step).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), steps[step], product);
            }
        }

        return shop;
    }

    private static DuckDbConnection OpenDemoShop(TempFolder folder, ulong seed)
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = folder.File("shop"), Customers = 1200, Seed = seed });
        var warehouse = folder.File("w.duckdb");
        new Ingestor().Ingest(warehouse, new GenericSource(), shop.OutputDirectory);
        return WarehouseFile.Open(warehouse);
    }

    /// <summary>Both queries give the same rows, value for value (as a multiset), and at least one.</summary>
    private static void AssertSameRows(DuckDbConnection connection, string gold, string wholeShop)
    {
        var rows = connection.Scalar<long>($"SELECT count(*) FROM ({wholeShop})");
        var differ = connection.Scalar<long>($"SELECT count(*) FROM ((({gold}) EXCEPT ALL ({wholeShop})) UNION ALL (({wholeShop}) EXCEPT ALL ({gold})))");
        Assert.True(rows > 0, "the whole-shop query has no rows: " + wholeShop);
        Assert.True(differ == 0, $"{differ} rows differ between {gold} and the whole-shop definition");
    }

    private sealed class Steps(List<string> steps) : IProgress<string>
    {
        public void Report(string value) => steps.Add(value);
    }
}
