using Patron.DuckDb;
using Patron.Features.Dashboard;
using Patron.Server.Hosting;
using Patron.Server.Live;
using Patron.Server.Store;

namespace Patron.Server.Dashboard;

/// <summary>The dashboard's warehouse for the run served: opened on first use, opened again (with the new run's
/// predictions) when the run changes, so pages never mix two runs.</summary>
/// <remarks>
/// With <c>--db</c> the live worker has the warehouse open for writing, and the dashboard reads through that same
/// DuckDB instance (<see cref="DashboardWarehouse.Share"/>): pages see each committed event at once. Only a process in
/// which nothing writes the file (no live worker) attaches it read-only.
/// Thread-safe. The dashboard's tables and the filter's choices (segments, countries, channels, first and last order
/// day) are built once per run and brought up to date after the warehouse changed.
/// </remarks>
internal sealed class DashboardSource : IDisposable
{
    private readonly WarehouseInstance _instance;
    private readonly bool _shared;
    private readonly Lock _gate = new();
    private Opened? _opened;

    public DashboardSource(WarehouseInstance instance, LiveService live)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(live);
        _instance = instance;
        _shared = live.Enabled;
    }

    /// <summary>Whether <c>--db</c> named a warehouse.</summary>
    public bool Configured => _instance.Configured;

    /// <summary>The warehouse and its filter choices for <paramref name="snapshot"/>'s run.</summary>
    /// <exception cref="FileNotFoundException">The warehouse file does not exist.</exception>
    public Opened For(RunSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!_instance.Configured)
        {
            throw new InvalidOperationException("No warehouse was given (patron serve --db FILE).");
        }

        lock (_gate)
        {
            var generation = _instance.Generation;
            if (_opened is { } current && current.Version == snapshot.Version)
            {
                if (current.Generation == generation)
                {
                    return current;
                }

                // Events were committed since: the customers they touched are rebuilt in the dashboard's tables, and
                // the choices read again (a new last day, new countries).
                current.Warehouse.Refresh();
                using var again = current.Warehouse.Connect();
                _opened = current with { Generation = generation, Choices = FilterChoices.From(again.Choices()) };
                return _opened;
            }

            var warehouse = OpenWarehouse(Path.Combine(snapshot.Folder, "predictions.csv"));
            try
            {
                using var queries = warehouse.Connect();
                var next = new Opened(snapshot.Version, generation, warehouse, FilterChoices.From(queries.Choices()));
                var previous = _opened;
                _opened = next;

                // Requests still reading the previous run keep their connections: it closes when the last one does.
                previous?.Warehouse.Dispose();
                return next;
            }
            catch
            {
                warehouse.Dispose();
                throw;
            }
        }
    }

    public void Dispose() => _opened?.Warehouse.Dispose();

    private DashboardWarehouse OpenWarehouse(string predictions)
    {
        if (!File.Exists(_instance.Path))
        {
            throw new FileNotFoundException($"The warehouse {_instance.Path} does not exist.", _instance.Path);
        }

        if (_shared)
        {
            return DashboardWarehouse.Share(_instance.Database, _instance.Path, predictions);
        }

        var limit = Environment.GetEnvironmentVariable("PATRON_MEMORY_LIMIT");
        return DashboardWarehouse.Open(_instance.Path, predictions, new DuckDbConfig { MemoryLimit = string.IsNullOrWhiteSpace(limit) ? null : limit });
    }

    /// <summary>A warehouse opened for one run version, and the warehouse generation its choices were read at.</summary>
    internal sealed record Opened(string Version, long Generation, DashboardWarehouse Warehouse, FilterChoices Choices);
}
