using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Server.Hosting;

/// <summary>The process's one DuckDB instance of the <c>--db</c> warehouse, opened for writing on first use. The live
/// worker writes events through it and the dashboard reads through it, so the file is never open twice in one process
/// (two instances of one file do not see each other's writes and may overwrite each other's checkpoints).</summary>
/// <remarks>Thread-safe. <see cref="Generation"/> counts the commits made through it, so readers that cache what they
/// read (the dashboard's filter choices) know when to read again.</remarks>
internal sealed class WarehouseInstance : IDisposable
{
    private readonly string? _path;
    private readonly Lock _gate = new();
    private DuckDbConnection? _primary;
    private long _generation;
    private bool _disposed;

    public WarehouseInstance(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _path = options.Db;
    }

    /// <summary>Whether <c>--db</c> named a warehouse.</summary>
    public bool Configured => _path is not null;

    /// <summary>The warehouse file.</summary>
    public string Path => _path ?? throw new InvalidOperationException("No warehouse was given (patron serve --db FILE).");

    /// <summary>Commits made through the instance since the process started.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The instance, opened on first use.</summary>
    /// <exception cref="WarehouseException">The file is not a DuckDB database or cannot be opened.</exception>
    public DuckDbDatabase Database
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _primary ??= WarehouseFile.Open(Path);
                return _primary.Database;
            }
        }
    }

    /// <summary>A new connection to the instance; the caller disposes it.</summary>
    public DuckDbConnection Connect() => Database.Connect();

    /// <summary>Says that a commit changed the warehouse.</summary>
    public void Changed() => Interlocked.Increment(ref _generation);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _primary?.Dispose();
            _primary = null;
        }
    }
}
