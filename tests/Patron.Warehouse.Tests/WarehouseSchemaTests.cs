using Patron.DuckDb;

namespace Patron.Warehouse.Tests;

public sealed class WarehouseSchemaTests
{
    /// <summary>Two connections of one database ensuring the schema at the same time (the features stage's two sides):
    /// without the calls taking turns, DuckDB refuses the second replacement of silver's views with a write-write
    /// conflict on the catalog.</summary>
    [Fact]
    public void Ensure_TwoConnectionsOfOneDatabaseAtOnce_NoCatalogConflict()
    {
        using var temp = new TempFolder();
        using var first = WarehouseFile.Open(temp.File("w.duckdb"));
        WarehouseSchema.Ensure(first);
        using var second = first.Database.Connect();
        using var start = new Barrier(2);

        void Repeat(DuckDbConnection connection)
        {
            start.SignalAndWait();
            for (var i = 0; i < 40; i++)
            {
                WarehouseSchema.Ensure(connection);
            }
        }

        Exception? failure = null;
        var other = new Thread(() =>
        {
            try
            {
                Repeat(second);
            }
            catch (DuckDbException e)
            {
                failure = e;
            }
        });
        other.Start();
        Repeat(first);
        other.Join();

        Assert.Null(failure);

        Assert.Equal(1, first.Scalar<long>("SELECT count(*) FROM duckdb_views() WHERE schema_name = 'silver' AND view_name = 'order_delivery'"));
        Assert.Equal(1, second.Scalar<long>("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'gold'"));
    }
}
