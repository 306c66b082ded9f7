using System.Globalization;
using Patron.Demo;
using Patron.Features.Build;
using Patron.Features.Live;
using Patron.Features.Registry;
using Patron.Features.Tests.Support;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Events;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Features.Tests.Live;

/// <summary>The equality property of live features: customers updated batch by batch as events arrive, each at the
/// as-of time of its last update, equal a full batch build at that time, feature by feature and bit for bit.</summary>
public sealed class LiveFeaturesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Compute_RandomShopAndEventStream_EqualsBatchBuildAtTheSameAsOf(int seed)
    {
        using var folder = new TempFolder();
        var shop = DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = folder.File("shop"), Customers = 250, Seed = (ulong)seed, End = new DateOnly(2026, 3, 31), FutureDays = 20,
        });
        var warehouse = folder.File("w.duckdb");
        new Ingestor().Ingest(warehouse, new GenericSource(), shop.OutputDirectory);
        using var connection = WarehouseFile.Open(warehouse);
        var stream = new RandomEventStream(connection, seed);
        var source = new EventsSource();

        // The live state: each touched customer's features at the as-of of the batch that last touched it.
        var state = new Dictionary<string, CustomerFeatureValues>(StringComparer.Ordinal);
        var touchedWithoutPurchase = new HashSet<string>(StringComparer.Ordinal);
        var now = DateOnly.FromDateTime(stream.Last);
        for (var b = 0; b < 4; b++)
        {
            var batch = stream.Next(12);
            var batchFolder = folder.File("events-" + b.ToString(CultureInfo.InvariantCulture));
            EventBatchWriter.Write(batch, batchFolder);
            new Ingestor().Append(connection, source, batchFolder);
            foreach (var order in batch.Orders)
            {
                now = Max(now, DateOnly.FromDateTime(order.OrderedAt).AddDays(1));
            }

            var touched = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var order in batch.Orders)
            {
                touched.Add(order.CustomerId);
            }

            var values = LiveFeatures.Compute(connection, touched, now);
            foreach (var id in touched)
            {
                if (values.TryGetValue(id, out var row))
                {
                    state[id] = row;
                    touchedWithoutPurchase.Remove(id);
                }
                else
                {
                    state.Remove(id);
                    touchedWithoutPurchase.Add(id);
                }
            }
        }

        Assert.True(state.Count >= 10, $"{state.Count} customers updated");
        // The events reached silver (not all set aside), new customers among them, and resent orders were dropped.
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM silver.orders WHERE source = 'events'") >= 30);
        Assert.Contains(state.Keys, id => id.StartsWith("live-", StringComparison.Ordinal));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) - count(DISTINCT order_id) FROM silver.orders WHERE source = 'events'"));
        var compared = 0;
        foreach (var asOf in state.Values.Select(v => v.Cutoff).Distinct().Order())
        {
            FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = asOf, Kpis = false });
            var gold = GoldRows.Read(connection, string.Create(CultureInfo.InvariantCulture,
                $"SELECT * FROM gold.customer_features WHERE cutoff = DATE '{asOf:yyyy-MM-dd}'"));
            foreach (var live in state.Values.Where(v => v.Cutoff == asOf))
            {
                Assert.True(gold.TryGetValue(live.CustomerId, out var batchRow), $"{live.CustomerId} is not in the batch build of {asOf}");
                var exact = GoldRows.Values(connection, asOf, live.CustomerId);
                for (var f = 0; f < FeatureRegistry.All.Count; f++)
                {
                    if (!LiveFeatures.IsLive(f))
                    {
                        continue;
                    }

                    var name = FeatureRegistry.All[f].Name;
                    Assert.True(Same(exact[name], live.Values[f]),
                        $"{live.CustomerId} at {asOf}: {name} is {Show(live.Values[f])} live but {batchRow[name]} in the batch build");
                    compared++;
                }
            }

            foreach (var id in touchedWithoutPurchase)
            {
                Assert.False(gold.ContainsKey(id), $"{id} has no purchase before {asOf} yet is in the batch build");
            }
        }

        Assert.True(compared > 500, $"{compared} values compared");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RowStore_AppendedOrdersAndReloads_EqualBatchBuildAtItsCutoff(int seed)
    {
        using var folder = new TempFolder();
        var shop = DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = folder.File("shop"), Customers = 250, Seed = (ulong)seed, End = new DateOnly(2026, 3, 31), FutureDays = 20,
        });
        var warehouse = folder.File("w.duckdb");
        new Ingestor().Ingest(warehouse, new GenericSource(), shop.OutputDirectory);
        using var connection = WarehouseFile.Open(warehouse);
        using var read = connection.Database.Connect();
        var stream = new RandomEventStream(connection, seed);
        var source = new EventsSource();
        var cutoff = DateOnly.FromDateTime(stream.Last).AddDays(4);
        var store = LiveRowStore.Load(read, cutoff);
        var loadedRows = store.Rows;
        Assert.True(store.Customers >= 200 && store.SideCustomers >= 200 && store.Bytes > loadedRows * 60, $"{store.Customers} customers, {store.Bytes} bytes");

        var state = new Dictionary<string, CustomerFeatureValues>(StringComparer.Ordinal);
        var appended = 0;
        var reloads = 0;
        for (var b = 0; b < 6; b++)
        {
            var next = stream.Next(12);
            var batch = next;
            if (b != 3)
            {
                // Orders only (of known customers and of new ones the shop does not know): silver is appended to.
                batch = new EventBatch();
                batch.Orders.AddRange(next.Orders);
            }

            var batchFolder = folder.File("events-" + b.ToString(CultureInfo.InvariantCulture));
            EventBatchWriter.Write(batch, batchFolder);
            var result = new Ingestor().Append(connection, source, batchFolder);
            var touched = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var order in batch.Orders)
            {
                touched.Add(order.CustomerId);
            }

            IReadOnlyDictionary<string, CustomerFeatureValues>? values = null;
            if (result.Appended)
            {
                appended++;
                values = store.Compute(read, touched);
            }

            if (values is null)
            {
                // Resolved in full (or an appended order a stored review names): the rows are read again.
                reloads++;
                store = LiveRowStore.Load(read, cutoff);
                values = store.Compute(read, touched);
                Assert.NotNull(values);
            }

            foreach (var id in touched)
            {
                if (values!.TryGetValue(id, out var row))
                {
                    state[id] = row;
                }
                else
                {
                    state.Remove(id);
                }
            }
        }

        Assert.True(appended >= 4, $"{appended} batches appended");
        Assert.True(reloads >= 1, $"{reloads} reloads");
        Assert.True(store.Rows > loadedRows, "no rows were appended in memory");
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = cutoff, Kpis = false });
        var gold = GoldRows.Read(connection, string.Create(CultureInfo.InvariantCulture,
            $"SELECT * FROM gold.customer_features WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}'"));
        var compared = 0;
        foreach (var live in state.Values)
        {
            Assert.True(gold.TryGetValue(live.CustomerId, out var batchRow), $"{live.CustomerId} is not in the batch build of {cutoff}");
            var exact = GoldRows.Values(connection, cutoff, live.CustomerId);
            for (var f = 0; f < FeatureRegistry.All.Count; f++)
            {
                if (LiveFeatures.IsLive(f))
                {
                    var name = FeatureRegistry.All[f].Name;
                    Assert.True(Same(exact[name], live.Values[f]),
                        $"{live.CustomerId}: {name} is {Show(live.Values[f])} from the stored rows but {batchRow[name]} in the batch build");
                    compared++;
                }
            }
        }

        Assert.True(state.Count >= 10 && compared > 500, $"{state.Count} customers, {compared} values compared");
    }

    [Fact]
    public void IsLive_PopulationRanks_AreNotLive_OwnRfmValuesAre()
    {
        Assert.False(LiveFeatures.IsLive(CustomerKernelIndex("r_score")));
        Assert.False(LiveFeatures.IsLive(CustomerKernelIndex("rfm_segment")));
        Assert.False(LiveFeatures.IsLive(CustomerKernelIndex("next_category")));
        Assert.True(LiveFeatures.IsLive(CustomerKernelIndex("rfm_monetary")));
        Assert.True(LiveFeatures.IsLive(CustomerKernelIndex("orders")));
    }

    private static int CustomerKernelIndex(string name)
    {
        for (var i = 0; i < FeatureRegistry.All.Count; i++)
        {
            if (FeatureRegistry.All[i].Name == name)
            {
                return i;
            }
        }

        throw new InvalidOperationException(name);
    }

    /// <summary>Bit-identical: the same kernel adds the same integers in the same order; no tolerance is needed.</summary>
    private static bool Same(object? batch, object? live) => (batch, live) switch
    {
        (null, null) => true,
        (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
        (long a, long b) => a == b,
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        _ => false,
    };

    private static string Show(object? value) => value switch
    {
        null => "∅",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "∅",
    };

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
