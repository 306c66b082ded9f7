using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Silver;
using Patron.Warehouse.Sources.Events;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Silver;

/// <summary>The incremental resolution of posted events (<see cref="SilverBuilder.TryAppend"/>): a batch resolved on its
/// own leaves silver, its findings and the quality summary exactly as the full resolution of every event would, and a
/// batch that changes how earlier rows resolved takes the full resolution.</summary>
public sealed class SilverAppendTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Append_DuplicatesWithinAndAcrossBatchesAndLateOrders_AppendsWhatTheFullResolutionGives()
    {
        using var temp = new TempFolder();
        using var shop = Shop(temp, out var time);

        var first = Batch(
            Order("E1", "C1", "2024-04-01 10:00:00", ("P1", 1, 12.5, null)),
            Order("E2", "C2", "2024-04-02 10:00:00", ("P1", 2, 12.5, 1.0), ("P9", 1, 5.0, null)),
            Order("E3", "C3", "2024-04-03 10:00:00", ("P2", 0, 99.0, null)),
            Order("E4", "C1", "2024-04-04 10:00:00", ("P2", -1, 99.0, null)));
        var second = Batch(
            Order("E1", "C1", "2024-04-01 10:00:00", ("P1", 1, 12.5, null)),
            Order("E5", "C2", "2024-04-05 10:00:00", ("P1", 1, 12.5, null)),
            Order("E5", "C2", "2024-04-05 10:00:00", ("P1", 1, 12.5, null)),
            Order("E6", "C3", "2024-04-06 10:00:00", ("P2", 1, 99.0, null)),
            Order("E6", "C3", "2024-04-07 10:00:00", ("P2", 3, 99.0, null)),
            Order("E2", "C2", "2024-04-09 10:00:00", ("P1", 2, 12.5, 1.0), ("P9", 1, 5.0, null)),
            Order("E7", "X9", "2024-03-15 08:00:00", ("P1", 1, 12.0, null)));

        var a = Append(shop, time, temp, first);
        var b = Append(shop, time, temp, second);

        Assert.True(a.Appended);
        Assert.True(b.Appended);
        var issues = Rows(shop, "SELECT check_name, entity_key, action FROM silver.quality_issues WHERE source = 'events' ORDER BY ALL");
        Assert.Contains("exact_duplicates|E1|dropped", issues);
        Assert.Contains("exact_duplicates|E1#1|dropped", issues);
        Assert.Contains("exact_duplicates|E5|dropped", issues);
        Assert.Contains("business_key_duplicates|E6|quarantined", issues);
        Assert.Contains("business_key_duplicates|E2|quarantined", issues);
        Assert.Contains("orphan_products|E2#2|quarantined", issues);
        Assert.Contains("zero_quantity|E3#1|quarantined", issues);
        Assert.Contains("order_without_valid_lines|E3|quarantined", issues);
        Assert.Contains("negative_quantity|E4#1|kept as return", issues);
        Assert.Contains("orphan_customers|E7|quarantined", issues);
        Assert.Equal(["E1", "E2", "E4", "E5", "E6"], Rows(shop, "SELECT order_id FROM silver.orders WHERE source = 'events' ORDER BY 1"));
        Assert.Equal(["2024-04-06 10:00:00"], Rows(shop, "SELECT strftime(ordered_at, '%Y-%m-%d %H:%M:%S') FROM silver.orders WHERE order_id = 'E6'"));
        AssertSameAsFullResolution(shop, time.Last);
    }

    [Fact]
    public void Append_ReturnLines_OnlyAnOrderWhoseEveryLineGivesGoodsBackIsAReturnDocument()
    {
        using var temp = new TempFolder();
        using var shop = Shop(temp, out var time);
        var first = Batch(
            Order("RT1", "C1", "2024-04-01 10:00:00", ("P1", -1, 12.5, null), ("P2", -2, 99.0, null)),
            Order("RT2", "C2", "2024-04-02 10:00:00", ("P1", -1, 12.5, null), ("P2", 1, 99.0, null)),
            Order("RT3", "C3", "2024-04-03 10:00:00", ("P1", 2, 12.5, null)));
        // A later batch: a purchase beside them, and a return document of its own.
        var second = Batch(
            Order("RT4", "C1", "2024-04-04 10:00:00", ("P2", 1, 99.0, null)),
            Order("RT5", "C2", "2024-04-05 10:00:00", ("P1", -3, 12.5, null)));

        Assert.True(Append(shop, time, temp, first).Appended);
        Assert.True(Append(shop, time, temp, second).Appended);

        Assert.Equal(
            ["RT1|returned|false|true", "RT2|completed|true|false", "RT3|completed|true|false", "RT4|completed|true|false", "RT5|returned|false|true"],
            Rows(shop, "SELECT order_id || '|' || status || '|' || is_purchase::VARCHAR || '|' || is_cancellation::VARCHAR FROM silver.orders WHERE source = 'events' ORDER BY 1"));
        AssertSameAsFullResolution(shop, time.Last);
    }

    [Fact]
    public void Append_RejectedRow_IsReportedAndTheRestAppended()
    {
        using var temp = new TempFolder();
        using var shop = Shop(temp, out var time);
        var folder = temp.Folder("rejects");
        File.WriteAllText(Path.Combine(folder, "orders.csv"),
            "order_id,customer_id,ordered_at,payment_method\nR1,C1,2024-05-01 10:00:00.000000,card\nR2,C2,2024-05-02 10:00:00.000000,card\n",
            new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "order_lines.csv"),
            "order_id,line_number,product_id,quantity,unit_price,discount\nR1,1,P1,1,12.5,\nR2,1,P2,lots,99.0,\n",
            new UTF8Encoding(false));

        var result = new Ingestor(time).Append(shop, new EventsSource(), folder);

        Assert.True(result.Appended);
        Assert.Equal(1, result.Files.Single(f => f.Key == "order_lines").RowsRejected);
        Assert.Equal(["R1", "R2"], Rows(shop, "SELECT order_id FROM silver.orders WHERE source = 'events' ORDER BY 1"));
        Assert.Equal(["R1"], Rows(shop, "SELECT order_id FROM silver.order_lines WHERE source = 'events' ORDER BY 1"));
        Assert.Equal(["R2|order_without_lines"], Rows(shop, "SELECT entity_key, check_name FROM silver.quality_issues WHERE source = 'events' AND entity = 'order'"));
        AssertSameAsFullResolution(shop, time.Last);
    }

    [Fact]
    public void Append_OrderIdReusedWithAnEarlierTime_TakesTheFullResolutionAndKeepsTheEarlierVersion()
    {
        using var temp = new TempFolder();
        using var shop = Shop(temp, out var time);
        Append(shop, time, temp, Batch(Order("E1", "C1", "2024-04-10 10:00:00", ("P1", 1, 12.5, null))));

        var late = Append(shop, time, temp, Batch(Order("E1", "C2", "2024-04-01 10:00:00", ("P1", 4, 12.5, null))));

        Assert.False(late.Appended);
        Assert.Equal(["E1|C2"], Rows(shop, "SELECT order_id, customer_id FROM silver.orders WHERE source = 'events'"));
        AssertSameAsFullResolution(shop, time.Last);
    }

    [Fact]
    public void Append_LateLinesThatMoveAnEarlierPriceJudgement_TakeTheFullResolution()
    {
        using var temp = new TempFolder();
        using var shop = Shop(temp, out var time);
        var usual = Batch(
            Order("U1", "C1", "2024-04-01 10:00:00", ("P1", 1, 10.0, null)),
            Order("U2", "C1", "2024-04-02 10:00:00", ("P1", 1, 10.0, null)),
            Order("U3", "C2", "2024-04-03 10:00:00", ("P1", 1, 10.0, null)),
            Order("U4", "C2", "2024-04-04 10:00:00", ("P1", 1, 10.0, null)),
            Order("H1", "C3", "2024-04-20 10:00:00", ("P1", 1, 100.0, null)));
        var flagged = Append(shop, time, temp, usual);
        Assert.True(flagged.Appended);
        Assert.Equal(["H1#1"], Rows(shop, "SELECT entity_key FROM silver.quality_issues WHERE check_name = 'price_outliers'"));

        // One late line at the usual price changes no judgement: appended.
        Assert.True(Append(shop, time, temp, Batch(Order("U5", "C3", "2024-04-05 10:00:00", ("P1", 1, 10.0, null)))).Appended);

        // Many late lines at the high price make it the usual one before H1: H1 is no longer an outlier.
        var high = new List<EventBatch>();
        for (var d = 6; d <= 15; d++)
        {
            high.Add(Batch(Order("L" + d.ToString(CultureInfo.InvariantCulture), "C1", $"2024-04-{d:00} 10:00:00", ("P1", 1, 100.0, null))));
        }

        var moved = Append(shop, time, temp, Merge(high));

        Assert.False(moved.Appended);
        Assert.DoesNotContain("H1#1", Rows(shop, "SELECT entity_key FROM silver.quality_issues WHERE check_name = 'price_outliers'"));
        AssertSameAsFullResolution(shop, time.Last);
    }

    [Fact]
    public void Append_CustomerEvents_TakeTheFullResolution()
    {
        using var temp = new TempFolder();
        using var shop = Shop(temp, out var time);
        Assert.True(Append(shop, time, temp, Batch(Order("E1", "N1", "2024-04-10 10:00:00", ("P1", 1, 12.5, null)))).Appended);
        Assert.Equal(["E1|quarantined"], Rows(shop, "SELECT entity_key, action FROM silver.quality_issues WHERE check_name = 'orphan_customers'"));
        var batch = new EventBatch();
        batch.Customers.Add(new CustomerEvent("N1", new DateOnly(2024, 4, 1), 30, "DE", "example.com", "search"));

        var result = Append(shop, time, temp, batch);

        Assert.False(result.Appended);
        Assert.Empty(Rows(shop, "SELECT entity_key FROM silver.quality_issues WHERE check_name = 'orphan_customers'"));
        Assert.Equal(["E1"], Rows(shop, "SELECT order_id FROM silver.orders WHERE source = 'events'"));
        AssertSameAsFullResolution(shop, time.Last);
    }

    /// <summary>The events' silver rows, findings and summary, then the same after the full resolution at the last
    /// ingest's time: equal.</summary>
    private static void AssertSameAsFullResolution(DuckDbConnection connection, DateTime now)
    {
        var appended = Snapshot(connection);
        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute(new EventsSource().StagingSql(new IngestOptions()));
            new SilverBuilder(new QualityPolicy()).Build(connection, new EventsSource(), now);
            transaction.Commit();
        }

        var rebuilt = Snapshot(connection);
        Assert.Equal(rebuilt.Count, appended.Count);
        for (var i = 0; i < rebuilt.Count; i++)
        {
            Assert.Equal(rebuilt[i], appended[i]);
        }
    }

    private static List<string> Snapshot(DuckDbConnection connection)
    {
        var rows = new List<string>();
        foreach (var table in new[] { "orders", "order_lines", "quality_issues", "quality_summary", "customers", "customer_versions" })
        {
            rows.Add("-- " + table);
            rows.AddRange(Rows(connection, $"SELECT * FROM silver.{table} WHERE source = 'events' ORDER BY ALL"));
        }

        return rows;
    }

    private static List<string> Rows(DuckDbConnection connection, string sql)
    {
        var result = connection.Query(sql);
        var rows = new List<string>((int)result.RowCount);
        for (var r = 0; r < result.RowCount; r++)
        {
            rows.Add(string.Join('|', result.Columns.Select(c => Convert.ToString(c.GetValue(r), CultureInfo.InvariantCulture) ?? "∅")));
        }

        return rows;
    }

    /// <summary>The generic sample shop (customers C1-C3, products P1 and P2) in a warehouse file, open.</summary>
    private static DuckDbConnection Shop(TempFolder temp, out SteppingTime time)
    {
        var warehouse = temp.File("w.duckdb");
        time = new SteppingTime(Start);
        new Ingestor(time).Ingest(warehouse, new GenericSource(), GenericShop.Write(temp.Folder("shop")));
        return WarehouseFile.Open(warehouse);
    }

    private static IngestResult Append(DuckDbConnection connection, SteppingTime time, TempFolder temp, EventBatch batch)
    {
        var folder = temp.Folder("batch-" + time.Calls.ToString("D4", CultureInfo.InvariantCulture));
        EventBatchWriter.Write(batch, folder);
        return new Ingestor(time).Append(connection, new EventsSource(), folder);
    }

    private static EventBatch Batch(params OrderEvent[] orders)
    {
        var batch = new EventBatch();
        batch.Orders.AddRange(orders);
        return batch;
    }

    private static EventBatch Merge(List<EventBatch> batches)
    {
        var all = new EventBatch();
        foreach (var batch in batches)
        {
            all.Add(batch);
        }

        return all;
    }

    private static OrderEvent Order(string id, string customer, string at, params (string Product, double Quantity, double Price, double? Discount)[] lines)
    {
        var list = new List<OrderLineEvent>(lines.Length);
        foreach (var (product, quantity, price, discount) in lines)
        {
            list.Add(new OrderLineEvent(product, quantity, price, discount));
        }

        return new OrderEvent(id, customer, DateTime.ParseExact(at, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), "card", list);
    }

    /// <summary>A clock one second later at every reading, so each ingest has its own time.</summary>
    private sealed class SteppingTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _next = start;

        public int Calls { get; private set; }

        public DateTime Last { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            var now = _next;
            _next = _next.AddSeconds(1);
            Calls++;
            Last = now.UtcDateTime;
            return now;
        }
    }
}
