using Patron.Demo;
using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Registry;
using Patron.Features.Rules;
using Patron.Learning.Rules;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Features.Tests.Build;

/// <summary>The large gold tables name their text columns' compression (so DuckDB does not analyse every method on every
/// block): on a warehouse file, after a checkpoint, each such column's blocks use the named method, and no other
/// (DuckDB may still leave a block uncompressed).</summary>
public sealed class GoldCompressionTests
{
    private static readonly DateOnly Cutoff = new(2026, 4, 1);

    [Fact]
    public void CustomerFeaturesAndNextProducts_TextColumnsStoredWithTheNamedMethod()
    {
        using var folder = new TempFolder();
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = folder.File("shop"), Customers = 1500, Seed = 5 });
        var warehouse = folder.File("w.duckdb");
        new Ingestor().Ingest(warehouse, new GenericSource(), shop.OutputDirectory);
        using var connection = WarehouseFile.Open(warehouse);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = Cutoff, Kpis = false });
        var mined = AssociationRuleBuilder.Mine(connection, new RuleBuildOptions
        {
            Cutoff = Cutoff,
            By = BasketKind.Customer,
            Mining = new RuleMiningOptions { MinSupport = 0.01, MinConfidence = 0.05, MinLift = 0 },
        });
        var next = NextProducts.Compute(connection, mined, 5);
        Assert.True(NextProducts.Write(connection, mined.Cutoff, next) > 1000);
        connection.Execute("CHECKPOINT;");

        AssertMethod(connection, "customer_features", "customer_id", "FSST");
        var categories = 0;
        foreach (var feature in FeatureRegistry.All)
        {
            if (feature.SqlType == "VARCHAR")
            {
                AssertMethod(connection, "customer_features", feature.Name, "Dictionary");
                categories++;
            }
        }

        Assert.True(categories >= 5, $"only {categories} text features in the registry");
        foreach (var column in new[] { "product_id", "product_name", "source", "reason" })
        {
            AssertMethod(connection, "next_products", column, "Dictionary");
        }
    }

    /// <summary>Every stored block of the column uses <paramref name="method"/> (or none), and at least one uses it.</summary>
    private static void AssertMethod(DuckDbConnection connection, string table, string column, string method)
    {
        using var methods = connection.Query($"""
            SELECT compression, count(*) AS blocks FROM pragma_storage_info('gold.{table}')
            WHERE column_name = '{column}' AND segment_type = 'VARCHAR'
            GROUP BY compression ORDER BY compression
            """);
        var names = methods["compression"];
        var named = false;
        for (var i = 0; i < names.Length; i++)
        {
            var name = names.GetString(i);
            Assert.True(name == method || name == "Uncompressed", $"gold.{table}.{column}: a block stored as {name}, expected {method}");
            named |= name == method;
        }

        Assert.True(named, $"gold.{table}.{column}: no block stored as {method}");
    }
}
