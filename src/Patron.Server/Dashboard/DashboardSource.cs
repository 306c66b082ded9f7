using Patron.DuckDb;
using Patron.Features.Dashboard;
using Patron.Server.Store;

namespace Patron.Server.Dashboard;

/// <summary>The dashboard's warehouse for the run served: opened on first use, opened again (with the new run's
/// predictions) when the run changes, so pages never mix two runs.</summary>
/// <remarks>Thread-safe. The filter's choices (segments, countries, channels, first and last order day) are read once
/// per run.</remarks>
internal sealed class DashboardSource : IDisposable
{
    private readonly string? _warehouse;
    private readonly Lock _gate = new();
    private Opened? _opened;

    public DashboardSource(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _warehouse = options.Db;
    }

    /// <summary>Whether <c>--db</c> named a warehouse.</summary>
    public bool Configured => _warehouse is not null;

    /// <summary>The warehouse and its filter choices for <paramref name="snapshot"/>'s run.</summary>
    /// <exception cref="FileNotFoundException">The warehouse file does not exist.</exception>
    public Opened For(RunSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (_warehouse is null)
        {
            throw new InvalidOperationException("No warehouse was given (patron serve --db FILE).");
        }

        lock (_gate)
        {
            if (_opened is { } current && current.Version == snapshot.Version)
            {
                return current;
            }

            var limit = Environment.GetEnvironmentVariable("PATRON_MEMORY_LIMIT");
            var warehouse = DashboardWarehouse.Open(_warehouse, Path.Combine(snapshot.Folder, "predictions.csv"),
                new DuckDbConfig { MemoryLimit = string.IsNullOrWhiteSpace(limit) ? null : limit });
            try
            {
                using var queries = warehouse.Connect();
                var next = new Opened(snapshot.Version, warehouse, FilterChoices.From(queries.Choices()));
                var previous = _opened;
                _opened = next;

                // Requests still reading the previous run keep their own connections: DuckDB closes the database when
                // the last one is disposed.
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

    /// <summary>A warehouse opened for one run version.</summary>
    internal sealed record Opened(string Version, DashboardWarehouse Warehouse, FilterChoices Choices);
}
