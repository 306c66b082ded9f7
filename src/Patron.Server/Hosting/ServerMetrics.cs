using Patron.Server.Store;
using Prometheus;

namespace Patron.Server.Hosting;

/// <summary>The service's own Prometheus series beside the HTTP ones: the run and model versions served and the
/// customers loaded, read from the holder when scraped.</summary>
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
        string? shown = null;
        Registry.AddBeforeCollectCallback(() =>
        {
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
