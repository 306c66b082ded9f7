using Patron.Server.Store;
using Prometheus;

namespace Patron.Server.Hosting;

/// <summary>The service's own Prometheus series beside the HTTP ones: the run and model versions served and the
/// customers loaded, read from the holder when scraped; and the process's managed allocations and collections, from
/// which a benchmark takes the bytes allocated and the collections per request (bench/serve/run.sh).</summary>
internal sealed class ServerMetrics
{
    public ServerMetrics(SnapshotHolder holder)
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        var models = factory.CreateGauge("patron_model_info", "Models served (value 1), by task and version.", "task", "version");
        var run = factory.CreateGauge("patron_run_info", "The run served (value 1), by version.", "version");
        var customers = factory.CreateGauge("patron_customers_loaded", "Customers of the run served.");
        var bytes = factory.CreateGauge("patron_customer_store_bytes", "Bytes held by the customer arrays of the run served.");
        var allocated = factory.CreateGauge("patron_gc_allocated_bytes_total", "Bytes the process allocated on the managed heap since it started.");
        var collections = factory.CreateGauge("patron_gc_collections_total", "Garbage collections since the process started, by generation.", "generation");
        string? shown = null;
        Registry.AddBeforeCollectCallback(() =>
        {
            allocated.Set(GC.GetTotalAllocatedBytes());
            for (var generation = 0; generation <= GC.MaxGeneration; generation++)
            {
                collections.WithLabels(generation.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(GC.CollectionCount(generation));
            }

            if (holder.Current is not { } snapshot || snapshot.Version == shown)
            {
                return;
            }

            foreach (var labels in models.GetAllLabelValues())
            {
                models.RemoveLabelled(labels);
            }

            foreach (var labels in run.GetAllLabelValues())
            {
                run.RemoveLabelled(labels);
            }

            foreach (var (task, version) in snapshot.ModelVersions)
            {
                models.WithLabels(task, version).Set(1);
            }

            run.WithLabels(snapshot.Version).Set(1);
            customers.Set(snapshot.Customers.Count);
            bytes.Set(snapshot.Customers.Bytes);
            shown = snapshot.Version;
        });
    }

    public CollectorRegistry Registry { get; }
}
