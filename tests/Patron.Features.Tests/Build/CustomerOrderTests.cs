using Patron.Demo;
using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Features.Tests.Build;

/// <summary>A cutoff built with <see cref="FeatureBuildOptions.InCustomerOrder"/> is stored in customer_id order on a
/// warehouse connection (which turns <c>preserve_insertion_order</c> off), and its export is the sorted file.</summary>
public sealed class CustomerOrderTests
{
    private static readonly DateOnly Cutoff = new(2026, 4, 1);

    [Fact]
    public void Build_InCustomerOrderOverSeveralBlocks_StoredInOrderSettingRestoredExportSameAsSorted()
    {
        using var folder = new TempFolder();
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = folder.File("shop"), Customers = 12_000, Seed = 7 });
        var warehouse = folder.File("w.duckdb");
        new Ingestor().Ingest(warehouse, new GenericSource(), shop.OutputDirectory);
        using var connection = WarehouseFile.Open(warehouse);
        var result = FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = Cutoff, Kpis = false, InCustomerOrder = true });

        // More than one block of the kernel's spill, so DuckDB's threads could have taken them out of order.
        Assert.True(result.Customers > 2 * 2048, $"only {result.Customers} customers");
        Assert.False(Preserved(connection));
        const string from = "FROM gold.customer_features WHERE cutoff = DATE '2026-04-01'";
        Assert.True(InsertionOrder.Kept(connection, () => GoldExport.StoredInKeyOrder(connection, from, "customer_id")));
        Assert.False(Preserved(connection));

        var exported = folder.File("f.parquet");
        Assert.Equal(result.Customers, GoldExport.Export(connection, GoldTables.CustomerFeatures, exported, Cutoff));
        Assert.False(Preserved(connection));
        var sorted = folder.File("sorted.parquet");
        connection.Execute($"COPY (SELECT * {from} ORDER BY customer_id) TO '{sorted}' (FORMAT PARQUET);");
        Assert.Equal(File.ReadAllBytes(sorted), File.ReadAllBytes(exported));
    }

    private static bool Preserved(DuckDbConnection connection) =>
        connection.Scalar<bool>("SELECT CAST(current_setting('preserve_insertion_order') AS BOOLEAN);");
}
