using System.Diagnostics;
using Microsoft.Extensions.Logging;
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
/// day) are built once per run, in the background (<see cref="Prepare"/>, called when a run is loaded; a request waits
/// for them a few seconds at most), and brought up to date after the warehouse changed.
/// </remarks>
internal sealed partial class DashboardSource : IDisposable
{
    private readonly WarehouseInstance _instance;
    private readonly bool _shared;
    private readonly Lock _gate = new();
    private Opened? _opened;
    private Building? _building;

    private readonly ILogger<DashboardSource> _logger;
    private readonly Task? _buildGate;

    public DashboardSource(WarehouseInstance instance, LiveService live, ServeOptions options, ILogger<DashboardSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _buildGate = options.DashboardBuildGate;
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(live);
        _instance = instance;
        _shared = live.Enabled;
    }

    /// <summary>Whether <c>--db</c> named a warehouse.</summary>
    public bool Configured => _instance.Configured;

    /// <summary>Starts building the dashboard's tables for <paramref name="snapshot"/>'s run in the background, unless
    /// they are built or being built (the server calls it when a run is loaded, so no page waits for the build); the
    /// task completes when they are ready (or faults as the build did).</summary>
    /// <exception cref="InvalidOperationException">No warehouse was given.</exception>
    public Task<Opened> Prepare(RunSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!_instance.Configured)
        {
            throw new InvalidOperationException("No warehouse was given (patron serve --db FILE).");
        }

        lock (_gate)
        {
            return Start(snapshot).Task;
        }
    }

    /// <summary>The warehouse and its filter choices for <paramref name="snapshot"/>'s run, waiting at most
    /// <paramref name="wait"/> for the tables when they are still being built.</summary>
    /// <exception cref="FileNotFoundException">The warehouse file does not exist.</exception>
    /// <exception cref="DashboardPreparingException">The tables are still being built after <paramref name="wait"/>.</exception>
    public Opened For(RunSnapshot snapshot, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!_instance.Configured)
        {
            throw new InvalidOperationException("No warehouse was given (patron serve --db FILE).");
        }

        Building building;
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

            building = Start(snapshot);
        }

        if (!building.Task.Wait(wait))
        {
            throw new DashboardPreparingException(building.Started);
        }

        // A failed build throws its own exception here (the next request starts another).
        var opened = building.Task.GetAwaiter().GetResult();
        return opened.Generation == _instance.Generation ? opened : For(snapshot, wait);
    }

    /// <summary>The build of <paramref name="snapshot"/>'s tables, started unless one is running. Under the gate.</summary>
    private Building Start(RunSnapshot snapshot)
    {
        if (_building is { } running && running.Version == snapshot.Version)
        {
            return running;
        }

        if (_opened?.Version == snapshot.Version)
        {
            return new Building(snapshot.Version, DateTimeOffset.UtcNow, Task.FromResult(_opened));
        }

        var started = DateTimeOffset.UtcNow;
        var task = Task.Run(() => Build(snapshot));
        _building = new Building(snapshot.Version, started, task);
        return _building;
    }

    private Opened Build(RunSnapshot snapshot)
    {
        var generation = _instance.Generation;
        var clock = Stopwatch.StartNew();
        DashboardWarehouse warehouse;
        Opened next;
        try
        {
            warehouse = OpenWarehouse(Path.Combine(snapshot.Folder, "predictions.csv"));
        }
        catch
        {
            Forget(snapshot.Version);
            throw;
        }

        try
        {
            using (var queries = warehouse.Connect())
            {
                next = new Opened(snapshot.Version, generation, warehouse, FilterChoices.From(queries.Choices()));
            }
        }
        catch
        {
            Forget(snapshot.Version);
            warehouse.Dispose();
            throw;
        }

        if (warehouse.Stored)
        {
            LogStored(snapshot.Version, clock.Elapsed.TotalSeconds);
        }
        else
        {
            LogBuilt(snapshot.Version, clock.Elapsed.TotalSeconds);
        }

        lock (_gate)
        {
            if (_building?.Version == snapshot.Version)
            {
                _building = null;
            }

            var previous = _opened;
            _opened = next;

            // Requests still reading the previous run keep their connections: it closes when the last one does.
            if (previous is not null && !ReferenceEquals(previous.Warehouse, warehouse))
            {
                previous.Warehouse.Dispose();
            }
        }

        return next;
    }

    private void Forget(string version)
    {
        lock (_gate)
        {
            if (_building?.Version == version)
            {
                _building = null;
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

        // The tables the pipeline stored are read when their stamp matches; only a build waits for the test's gate.
        Action? beforeBuild = _buildGate is { } gate ? () => gate.Wait() : null;
        if (_shared)
        {
            return DashboardWarehouse.Share(_instance.Database, _instance.Path, predictions, beforeBuild);
        }

        var limit = Environment.GetEnvironmentVariable("PATRON_MEMORY_LIMIT");
        return DashboardWarehouse.Open(_instance.Path, predictions, new DuckDbConfig { MemoryLimit = string.IsNullOrWhiteSpace(limit) ? null : limit }, beforeBuild);
    }

    /// <summary>A warehouse opened for one run version, and the warehouse generation its choices were read at.</summary>
    internal sealed record Opened(string Version, long Generation, DashboardWarehouse Warehouse, FilterChoices Choices);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard tables of run {Version} built in {Seconds:0.0} s")]
    private partial void LogBuilt(string version, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard tables of run {Version} read from the warehouse, where the pipeline stored them, in {Seconds:0.0} s")]
    private partial void LogStored(string version, double seconds);

    /// <summary>A build of one run version's tables, and when it started.</summary>
    private sealed record Building(string Version, DateTimeOffset Started, Task<Opened> Task);
}
