using System.Globalization;
using Patron.DuckDb.Native;

namespace Patron.DuckDb;

/// <summary>An open DuckDB database, in memory or in a file.</summary>
/// <remarks>
/// Thread-safe: any number of connections may be opened from it, each used by one thread at a time.
/// Dispose it after its connections; DuckDB keeps the database alive while a connection still uses it.
/// </remarks>
public sealed class DuckDbDatabase : IDisposable
{
    /// <summary>The path that opens a private in-memory database.</summary>
    public const string InMemoryPath = ":memory:";

    private readonly DatabaseHandle _handle;

    static DuckDbDatabase()
    {
        NativeMethods.EnsureInitialized();
    }

    private DuckDbDatabase(DatabaseHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The path the database was opened with, or <c>":memory:"</c>.</summary>
    public string Path { get; }

    /// <summary>The version of the loaded DuckDB library, for example <c>"v1.5.6"</c>.</summary>
    public static unsafe string LibraryVersion => NativeMethods.ReadUtf8(NativeMethods.LibraryVersion()) ?? string.Empty;

    /// <summary>Opens (or creates) the database at <paramref name="path"/>.</summary>
    /// <exception cref="DuckDbException">The file cannot be opened, for example because it is not a DuckDB database; the message names the path.</exception>
    public static unsafe DuckDbDatabase Open(string path, DuckDbConfig? config = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var status = NativeMethods.CreateConfig(out var configHandle);
        using (configHandle)
        {
            DuckDbErrors.Check(status, "Could not create a DuckDB configuration.");
            if (config is not null)
            {
                Apply(configHandle, config);
            }

            status = NativeMethods.OpenExt(path, out var handle, configHandle, out var error);
            try
            {
                DuckDbErrors.CheckOpen(status, error, path);
            }
            catch
            {
                handle.Dispose();
                throw;
            }

            return new DuckDbDatabase(handle, path);
        }
    }

    /// <summary>Opens a new connection; dispose it before or after the database.</summary>
    public DuckDbConnection Connect() => Connect(ownsDatabase: false);

    public void Dispose() => _handle.Dispose();

    internal DuckDbConnection Connect(bool ownsDatabase)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var status = NativeMethods.Connect(_handle, out var connection);
        if (status != DuckDbState.Success)
        {
            connection.Dispose();
            DuckDbErrors.Check(status, $"Could not connect to DuckDB database '{Path}'.");
        }

        return new DuckDbConnection(connection, this, ownsDatabase);
    }

    private static void Apply(ConfigHandle handle, DuckDbConfig config)
    {
        if (config.Threads is { } threads)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(config));
            Set(handle, "threads", threads.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrWhiteSpace(config.MemoryLimit))
        {
            Set(handle, "memory_limit", config.MemoryLimit);
        }

        if (config.ReadOnly)
        {
            Set(handle, "access_mode", "READ_ONLY");
        }
    }

    private static void Set(ConfigHandle handle, string name, string value) =>
        DuckDbErrors.Check(NativeMethods.SetConfig(handle, name, value), $"DuckDB rejected the setting {name} = '{value}'.");
}
