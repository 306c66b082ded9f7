using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Silver;
using Patron.Warehouse.Sources.Cdnow;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Silver;

/// <summary>The staged tables of a rebuild of one source's silver rows: which tables, what they start with, how the SQL
/// is pointed at them, and that they are dropped again.</summary>
public sealed class SilverStageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Begin_StagesTheTablesTheSourceRewrites_WithTheOtherSourcesRowsOnly()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        new Ingestor(new FixedTime(Now.AddHours(-1))).Ingest(warehouse, new CdnowSource(), Samples.CdnowSample);
        new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), GenericShop.Write(temp.Folder("shop"),
            sessions: GenericShop.Csv(GenericShop.SessionsHeader, GenericShop.Sessions)));
        using var connection = DuckDbConnection.Open(warehouse);

        var stage = SilverStage.Begin(connection, new GenericSource());

        Assert.Equal(
            ["customer_versions", "customers", "order_lines", "orders", "product_versions", "products", "quality_issues", "quality_summary", "sessions"],
            stage.Tables.Order(StringComparer.Ordinal));
        Assert.Equal(connection.Scalar<long>("SELECT count(*) FROM silver.orders WHERE source = 'cdnow'"), connection.Scalar<long>("SELECT count(*) FROM silver.orders__next"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM silver.orders__next WHERE source = 'generic'"));
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM silver.orders__next") > 0);
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'payments__next'"));

        // The staged copy keeps the table's constraints.
        Assert.Throws<DuckDbException>(() => connection.Execute("INSERT INTO silver.orders__next (order_id) VALUES (NULL)"));

        SilverStage.Discard(connection);
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '%__next'"));
    }

    [Fact]
    public void Rewrite_NamesOnlyTheStagedTables()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), GenericShop.Write(temp.Folder("shop")));
        using var connection = DuckDbConnection.Open(warehouse);
        var stage = SilverStage.Begin(connection, new GenericSource());

        var sql = stage.Rewrite(
            "DELETE FROM silver.orders WHERE source = 'generic'; SELECT * FROM silver.order_lines JOIN silver.order_delivery USING (order_id) "
            + "JOIN silver.customers USING (customer_id) JOIN silver.customer_versions USING (customer_id) JOIN silver.quarantine q ON TRUE, silver.ordersx;");

        Assert.Equal(
            "DELETE FROM silver.orders__next WHERE source = 'generic'; SELECT * FROM silver.order_lines__next JOIN silver.order_delivery USING (order_id) "
            + "JOIN silver.customers__next USING (customer_id) JOIN silver.customer_versions__next USING (customer_id) JOIN silver.quarantine q ON TRUE, silver.ordersx;",
            sql);
        SilverStage.Discard(connection);
    }
}
