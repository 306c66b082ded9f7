using Patron.Demo;
using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Tests.Support;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Features.Tests.Build;

/// <summary>Building in partitions of customers is only a way to bound memory: every gold value must come out the same.</summary>
public sealed class PartitionTests
{
    private static readonly DateOnly Cutoff = new(2024, 4, 1);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(4, 7)]
    [InlineData(5, 3)]
    [InlineData(6, 16)]
    public void Build_RandomShopInPartitions_SameGoldAsOnePartition(int seed, int partitions)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new RandomShop(seed, Cutoff).Build().WriteTo(connection);

        var one = FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = Cutoff, Partitions = 1 });
        var whole = Snapshot(connection);
        var split = FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = Cutoff, Partitions = partitions });

        Assert.Equal(1, one.Partitions);
        Assert.Equal(partitions, split.Partitions);
        Assert.Equal(one.Customers, split.Customers);
        Assert.Equal(whole, Snapshot(connection));
    }

    [Fact]
    public void Build_DemoShopInFourPartitions_SameFeaturesLabelsCrossCategoryAndKpis()
    {
        using var folder = new TempFolder();
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = folder.File("shop"), Customers = 1500, Seed = 11 });
        var warehouse = folder.File("w.duckdb");
        new Ingestor().Ingest(warehouse, new GenericSource(), shop.OutputDirectory);
        using var connection = WarehouseFile.Open(warehouse);
        var cutoff = new DateOnly(2026, 4, 1);

        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = cutoff, Partitions = 1 });
        var whole = Snapshot(connection);
        var split = FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = cutoff, Partitions = 4 });

        Assert.True(split.Customers > 500, $"{split.Customers} customers");
        Assert.Equal(4, split.Partitions);
        Assert.Equal(whole, Snapshot(connection));
        // The kernel's scratch file lives beside the warehouse only while a build runs.
        Assert.Empty(Directory.GetFiles(folder.Path, "patron-features-*.tmp"));
    }

    [Fact]
    public void Build_DemoShop_NextCategoryEqualsTheBruteForcePickOverEveryPair()
    {
        using var folder = new TempFolder();
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = folder.File("shop"), Customers = 1500, Seed = 5 });
        var warehouse = folder.File("w.duckdb");
        new Ingestor().Ingest(warehouse, new GenericSource(), shop.OutputDirectory);
        using var connection = WarehouseFile.Open(warehouse);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = new DateOnly(2026, 4, 1), Partitions = 3, Kpis = false });

        // Pairs in the builder's total order: probability, then support, then names.
        var pairs = connection.Query("""
            SELECT category_a, category_b, probability FROM gold.cross_category
            ORDER BY probability DESC, customers_ab DESC, category_b, category_a
            """);
        var bought = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var rows = connection.Query("""
            SELECT DISTINCT o.customer_id, p.category
            FROM silver.orders o JOIN silver.order_lines l ON l.order_id = o.order_id JOIN silver.products p ON p.product_id = l.product_id
            WHERE o.customer_id IS NOT NULL AND o.ordered_at < DATE '2026-04-01' AND o.is_purchase AND NOT l.is_outlier
              AND l.line_amount > 0 AND p.category IS NOT NULL AND NOT coalesce(p.is_non_product, FALSE)
            """);
        for (var i = 0; i < rows.RowCount; i++)
        {
            var customer = rows["customer_id"].GetString(i);
            if (!bought.TryGetValue(customer, out var set))
            {
                bought[customer] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(rows["category"].GetString(i));
        }

        var gold = connection.Query("SELECT customer_id, next_category FROM gold.customer_features");
        var checkedWithPick = 0;
        for (var i = 0; i < gold.RowCount; i++)
        {
            var customer = gold["customer_id"].GetString(i);
            string? expected = null;
            if (bought.TryGetValue(customer, out var set))
            {
                for (var p = 0; p < pairs.RowCount && expected is null; p++)
                {
                    if (set.Contains(pairs["category_a"].GetString(p)) && !set.Contains(pairs["category_b"].GetString(p)))
                    {
                        expected = pairs["category_b"].GetString(p);
                    }
                }
            }

            var actual = gold["next_category"].IsNull(i) ? null : gold["next_category"].GetString(i);
            Assert.True(expected == actual, $"{customer}: expected {expected ?? "NULL"}, got {actual ?? "NULL"}");
            checkedWithPick += expected is null ? 0 : 1;
        }

        Assert.True(checkedWithPick > 500, $"only {checkedWithPick} customers have a next category");
    }

    [Fact]
    public void AutomaticPartitions_OnePerOrdersPerPartitionBeforeTheCutoff()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        new RandomShop(3, Cutoff).Build().WriteTo(connection);
        var orders = connection.Scalar<long>("SELECT count(*) FROM silver.orders WHERE customer_id IS NOT NULL AND ordered_at < DATE '2024-04-01'");

        Assert.Equal(1, FeatureBuilder.AutomaticPartitions(connection, new FeatureBuildOptions { Cutoff = Cutoff }));
        var small = new FeatureBuildOptions { Cutoff = Cutoff, OrdersPerPartition = 1000 };
        Assert.Equal((int)((orders + 999) / 1000), FeatureBuilder.AutomaticPartitions(connection, small));
    }

    [Fact]
    public void Options_PartitionsBelowOne_Rejected()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = Cutoff, Partitions = 0 }));
    }

    private static string Snapshot(DuckDbConnection connection) => GoldSnapshot.Text(connection);
}
