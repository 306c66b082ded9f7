using System.Globalization;
using Patron.Demo;
using Patron.Features.Live;
using Patron.Features.Registry;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Events;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Features.Tests.Live;

/// <summary>The fast path (docs/live.md, "The fast path"): orders applied from the journal before the warehouse takes
/// them give the same features as the warehouse's rows once committed, and whatever the warehouse decides replaces them.</summary>
public sealed class LiveFastPathTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Apply_RandomOrders_FastValuesEqualTheWarehouseValuesOnceCommitted(int seed)
    {
        using var folder = new TempFolder();
        var (connection, read, stream) = Shop(folder, seed);
        using var _ = connection;
        using var __ = read;
        var cutoff = DateOnly.FromDateTime(stream.Last).AddDays(4);
        var store = LiveRowStore.Load(read, cutoff);
        using var fast = new LiveFastPath(new EventsSource().ShopOpened);
        fast.Took(store);
        var compared = 0;
        var customers = 0;
        for (var b = 0; b < 6; b++)
        {
            // Orders only: those of the stream's new customers are orphans, resent ones copies, returns and wide prices
            // uncertain; the rest are certain.
            var batch = new EventBatch();
            batch.Orders.AddRange(stream.Next(14).Orders);
            var sequence = b + 1L;
            var touched = fast.Apply(store, [(sequence, batch)], DateTime.UtcNow);
            var ids = new SortedSet<string>(StringComparer.Ordinal);
            var certain = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var order in batch.Orders)
            {
                ids.Add(order.CustomerId);
            }

            foreach (var id in ids)
            {
                // A customer all of whose orders of the batch were applied fast.
                var all = true;
                foreach (var order in batch.Orders)
                {
                    all &= order.CustomerId != id || fast.IsProvisional(order.OrderId);
                }

                if (all)
                {
                    certain.Add(id);
                    Assert.Contains(id, touched);
                }
            }

            var before = store.Values(ids, fast);
            Assert.True(fast.Pending > 0 || certain.Count == 0);

            var batchFolder = folder.File("events-" + b.ToString(CultureInfo.InvariantCulture));
            EventBatchWriter.Write(batch, batchFolder);
            var result = new Ingestor().Append(connection, new EventsSource(), batchFolder, new IngestOptions { JournalSequence = sequence });
            store = CatchUp(read, store, fast, cutoff, result.Appended);
            Assert.Equal(0, fast.Pending);
            var after = store.Values(ids, fast);
            foreach (var id in certain)
            {
                customers++;
                Assert.Equal(after.ContainsKey(id), before.ContainsKey(id));
                for (var f = 0; f < FeatureRegistry.All.Count; f++)
                {
                    if (LiveFeatures.IsLive(f))
                    {
                        Assert.True(Same(before[id].Values[f], after[id].Values[f]),
                            $"{id}: {FeatureRegistry.All[f].Name} is {Show(before[id].Values[f])} from the fast path but {Show(after[id].Values[f])} from the warehouse");
                        compared++;
                    }
                }
            }
        }

        Assert.True(fast.Applied >= 20 && fast.Waited >= 5, $"{fast.Applied} orders applied fast, {fast.Waited} left to the warehouse");
        Assert.True(customers >= 15 && compared > 1_000, $"{customers} customers, {compared} values compared");
    }

    [Fact]
    public void Settle_AnOrderTheWarehouseQuarantined_IsUndone()
    {
        using var folder = new TempFolder();
        var (connection, read, stream) = Shop(folder, 4);
        using var _ = connection;
        using var __ = read;
        var cutoff = DateOnly.FromDateTime(stream.Last).AddDays(4);
        var store = LiveRowStore.Load(read, cutoff);
        using var fast = new LiveFastPath(new EventsSource().ShopOpened);
        fast.Took(store);
        var customer = connection.Scalar<string>("SELECT min(customer_id) FROM silver.orders WHERE is_purchase")!;
        var product = connection.Scalar<string>("SELECT min(product_id) FROM silver.products")!;
        var at = stream.Last.AddHours(-1);
        var baseline = store.Values([customer], fast)[customer];

        // Applied fast: a new id, a known customer and product, an ordinary price.
        var posted = new EventBatch();
        posted.Orders.Add(new OrderEvent("undo-1", customer, at, "card", [new OrderLineEvent(product, 2, 10, null)]));
        Assert.Contains(customer, fast.Apply(store, [(1L, posted)], DateTime.UtcNow));
        Assert.True(fast.IsProvisional("undo-1"));
        var applied = store.Values([customer], fast)[customer];
        Assert.Equal(Value(baseline, "orders") + 1, Value(applied, "orders"));

        // Before the warehouse takes it, a dropped file (which the journal never sees) stores another order under the
        // same id, an hour earlier: silver keeps that one and quarantines the posted one as a reused id.
        var other = new EventBatch();
        var someoneElse = connection.Scalar<string>($"SELECT max(customer_id) FROM silver.customers WHERE customer_id <> '{customer}'")!;
        other.Orders.Add(new OrderEvent("undo-1", someoneElse, at.AddHours(-1), null, [new OrderLineEvent(product, 1, 10, null)]));
        var dropped = folder.File("dropped");
        EventBatchWriter.Write(other, dropped);
        var first = new Ingestor().Append(connection, new EventsSource(), dropped);
        store = CatchUp(read, store, fast, cutoff, first.Appended);
        Assert.True(fast.IsProvisional("undo-1"));

        var late = folder.File("posted");
        EventBatchWriter.Write(posted, late);
        var second = new Ingestor().Append(connection, new EventsSource(), late, new IngestOptions { JournalSequence = 1 });
        Assert.Equal(1L, connection.Scalar<long>("SELECT count(*) FROM silver.quality_issues WHERE source = 'events' AND entity = 'order' AND entity_key = 'undo-1' AND action = 'quarantined'"));
        store = CatchUp(read, store, fast, cutoff, second.Appended);

        // The warehouse's verdict replaced the fast one: the customer is back where they were, bit for bit.
        Assert.False(fast.IsProvisional("undo-1"));
        var undone = store.Values([customer], fast)[customer];
        for (var f = 0; f < FeatureRegistry.All.Count; f++)
        {
            if (LiveFeatures.IsLive(f))
            {
                Assert.True(Same(baseline.Values[f], undone.Values[f]), $"{FeatureRegistry.All[f].Name}: {Show(baseline.Values[f])} before, {Show(undone.Values[f])} after");
            }
        }

        // And the other customer got the order the warehouse kept.
        Assert.Equal(1L, connection.Scalar<long>("SELECT count(*) FROM silver.orders WHERE order_id = 'undo-1'"));
        Assert.Equal(someoneElse, connection.Scalar<string>("SELECT customer_id FROM silver.orders WHERE order_id = 'undo-1'")!);
    }

    [Fact]
    public void Apply_CopiesOrphansReturnsAndReusedIds_WaitForTheWarehouse()
    {
        using var folder = new TempFolder();
        var (connection, read, stream) = Shop(folder, 5);
        using var _ = connection;
        using var __ = read;
        var cutoff = DateOnly.FromDateTime(stream.Last).AddDays(4);
        var store = LiveRowStore.Load(read, cutoff);
        using var fast = new LiveFastPath(new EventsSource().ShopOpened);
        fast.Took(store);
        var customer = connection.Scalar<string>("SELECT min(customer_id) FROM silver.customers")!;
        var product = connection.Scalar<string>("SELECT min(product_id) FROM silver.products")!;
        var stored = connection.Scalar<string>("SELECT min(order_id) FROM silver.orders")!;
        var at = stream.Last.AddHours(-1);
        OrderEvent Order(string id, string who, DateTime when, double quantity, double price, string? item = null) =>
            new(id, who, when, null, [new OrderLineEvent(item ?? product, quantity, price, null)]);

        var batch = new EventBatch();
        batch.Orders.Add(Order("ok-1", customer, at, 1, 10));
        batch.Orders.Add(Order("ok-1", customer, at, 1, 10));           // a copy: the first stays
        batch.Orders.Add(Order(stored, customer, at, 1, 10));           // an id the warehouse holds
        batch.Orders.Add(Order("orphan-1", "nobody-known", at, 1, 10));  // no such customer
        batch.Orders.Add(Order("orphan-2", customer, at, 1, 10, "no-such-product"));
        batch.Orders.Add(Order("return-1", customer, at, -1, 10));      // a return
        batch.Orders.Add(Order("zero-1", customer, at, 0, 10));
        batch.Orders.Add(Order("free-1", customer, at, 1, 0));
        batch.Orders.Add(Order("future-1", customer, DateTime.UtcNow.AddHours(1), 1, 10));
        batch.Orders.Add(Order("late-cut-1", customer, cutoff.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), 1, 10));
        batch.Orders.Add(Order("odd id", customer, at, 1, 10));
        fast.Apply(store, [(1L, batch)], DateTime.UtcNow);
        Assert.True(fast.IsProvisional("ok-1"));
        Assert.Equal(1, fast.Pending);

        // Prices: once a product has 3 prices or more, a price not within a factor of 5 of all of them could be flagged.
        var known = connection.Scalar<string>("SELECT max(product_id) FROM silver.products")!;
        var cheap = new EventBatch();
        cheap.Orders.Add(Order("p-1", customer, at, 1, 10, known));
        cheap.Orders.Add(Order("p-2", customer, at, 1, 11, known));
        fast.Apply(store, [(2L, cheap)], DateTime.UtcNow);
        Assert.True(fast.IsProvisional("p-1") && fast.IsProvisional("p-2"));
        var dear = new EventBatch();
        dear.Orders.Add(Order("p-3", customer, at, 1, 60, known));
        fast.Apply(store, [(3L, dear)], DateTime.UtcNow);
        var usual = new EventBatch();
        usual.Orders.Add(Order("p-4", customer, at, 1, 12, known));
        fast.Apply(store, [(4L, usual)], DateTime.UtcNow);
        Assert.False(fast.IsProvisional("p-3"));
        Assert.False(fast.IsProvisional("p-4"));

        // Another order under a provisional id withdraws it at once.
        var reused = new EventBatch();
        reused.Orders.Add(Order("ok-1", customer, at.AddHours(-2), 3, 10));
        Assert.Contains(customer, fast.Apply(store, [(5L, reused)], DateTime.UtcNow));
        Assert.False(fast.IsProvisional("ok-1"));
        Assert.Equal(1, fast.Withdrawn);

        // A request with customer or session events waits whole.
        var mixed = new EventBatch();
        mixed.Orders.Add(Order("mixed-1", customer, at, 1, 10));
        mixed.Customers.Add(new CustomerEvent("someone-new", null, null, null, null, null));
        fast.Apply(store, [(6L, mixed)], DateTime.UtcNow);
        Assert.False(fast.IsProvisional("mixed-1"));
    }

    private static (Patron.DuckDb.DuckDbConnection Connection, Patron.DuckDb.DuckDbConnection Read, RandomEventStream Stream) Shop(TempFolder folder, int seed)
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = folder.File("shop"), Customers = 250, Seed = (ulong)seed, End = new DateOnly(2026, 3, 31), FutureDays = 20,
        });
        var warehouse = folder.File("w.duckdb");
        new Ingestor().Ingest(warehouse, new GenericSource(), shop.OutputDirectory);
        var connection = WarehouseFile.Open(warehouse);
        var read = connection.Database.Connect();
        return (connection, read, new RandomEventStream(connection, seed));
    }

    /// <summary>What the server's update loop does after a commit: the committed rows appended in memory (or, after a
    /// full resolution, all rows read again), then the provisional orders the rows now hold settled.</summary>
    private static LiveRowStore CatchUp(Patron.DuckDb.DuckDbConnection read, LiveRowStore store, LiveFastPath fast, DateOnly cutoff, bool appended)
    {
        if (appended && store.ReadAppended(read) is { } rows)
        {
            store.Merge(rows);
        }
        else
        {
            store = LiveRowStore.Load(read, cutoff);
            fast.Took(store);
        }

        fast.Settle(store.JournalSequence);
        return store;
    }

    private static double Value(CustomerFeatureValues row, string name)
    {
        for (var f = 0; f < FeatureRegistry.All.Count; f++)
        {
            if (FeatureRegistry.All[f].Name == name)
            {
                return Convert.ToDouble(row.Values[f], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException(name);
    }

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        (long x, long y) => x == y,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        _ => false,
    };

    private static string Show(object? value) => value switch
    {
        null => "∅",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "∅",
    };
}
