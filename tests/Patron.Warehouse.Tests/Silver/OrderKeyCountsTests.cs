using Patron.Demo;
using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Silver;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Silver;

/// <summary>The order keys of a source with one line per order, counted over its lines alone, are those counted over
/// both its orders and its lines.</summary>
public sealed class OrderKeyCountsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OneLinePerOrder_OnAShopWithRepeatedAndMissingIds_GivesTheKeysOfBothViews()
    {
        using var temp = new TempFolder();
        var shop = DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = temp.Folder("shop"), Customers = 400, Seed = 23, DefectRate = 0.03, SessionsPerOrder = 0,
        }).OutputDirectory;

        // Ids the generator does not make: one given on three rows, and rows without an id.
        var transactions = Path.Combine(shop, "transactions.csv");
        var rows = File.ReadAllLines(transactions);
        File.AppendAllLines(transactions,
        [
            WithId(rows[5], "T777777701"), WithId(rows[6], "T777777701"), WithId(rows[7], "T777777701"),
            WithId(rows[8], ""), WithId(rows[9], ""),
        ]);
        var warehouse = temp.File("w.duckdb");
        new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), shop);

        using var connection = DuckDbConnection.Open(warehouse);
        var lines = SilverBuilder.OrderKeyCounts("staging_generic", oneLinePerOrder: true);
        var both = SilverBuilder.OrderKeyCounts("staging_generic", oneLinePerOrder: false);
        Assert.Equal(3L, connection.Scalar<long>($"SELECT orders FROM ({lines}) WHERE order_id = 'T777777701'"));
        Assert.True(connection.Scalar<long>($"SELECT count(*) FROM ({lines})") > 3, "the defects must repeat some ids");
        Assert.Equal(0L, connection.Scalar<long>($"SELECT count(*) FROM (({lines}) EXCEPT ALL ({both}))"));
        Assert.Equal(0L, connection.Scalar<long>($"SELECT count(*) FROM (({both}) EXCEPT ALL ({lines}))"));
    }

    private static string WithId(string line, string id) => id + line[line.IndexOf(',', StringComparison.Ordinal)..];
}
