using System.Globalization;
using Patron.DuckDb;

namespace Patron.Warehouse;

/// <summary>Opens the warehouse file with a message that names it when it is not a DuckDB database.</summary>
public static class WarehouseFile
{
    /// <summary>Opens the warehouse under <paramref name="memoryLimit"/> (DuckDB syntax), or <see cref="MemoryLimit"/> when null.</summary>
    public static DuckDbConnection Open(string path, bool readOnly = false, string? memoryLimit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (readOnly && !File.Exists(path))
        {
            throw NoWarehouse(path);
        }

        try
        {
            var connection = DuckDbConnection.Open(path, new DuckDbConfig { ReadOnly = readOnly, MemoryLimit = memoryLimit ?? MemoryLimit() });
            // Nothing reads silver or gold in insertion order (every report orders explicitly), and keeping that order
            // costs DuckDB memory on every large INSERT ... SELECT.
            connection.Execute("SET preserve_insertion_order = false;");
            return connection;
        }
        catch (DuckDbException ex)
        {
            throw new WarehouseException($"'{path}' could not be opened as a Patron warehouse (a DuckDB database file): {ex.Message}", ex);
        }
    }

    /// <summary>Opens a warehouse that must already exist (for writing gold, say): a mistyped path is an error, never a new
    /// empty warehouse.</summary>
    public static DuckDbConnection OpenExisting(string path, string? memoryLimit = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return File.Exists(path) ? Open(path, readOnly: false, memoryLimit) : throw NoWarehouse(path);
    }

    private static WarehouseException NoWarehouse(string path)
        => new($"no warehouse at {path}: run 'patron ingest' first, or pass --db with the warehouse file.");

    /// <summary>Environment variable with DuckDB's memory limit for warehouse work (DuckDB syntax, e.g. <c>8GB</c>).</summary>
    public const string MemoryLimitVariable = "PATRON_MEMORY_LIMIT";

    /// <summary>The default limit never exceeds this: past it, warehouse work only spills less, it does not need more.</summary>
    public const long DefaultLimitCeilingBytes = 3L << 30;

    /// <summary>Nor goes below this, so a tiny container still gets a working database.</summary>
    public const long DefaultLimitFloorBytes = 256L << 20;

    /// <summary>The memory limit in force: <see cref="MemoryLimitVariable"/> when set, else <see cref="DefaultMemoryLimit"/>
    /// of the memory this process may use.</summary>
    /// <remarks>DuckDB's own default is 80% of RAM, which an ingest of a large shop takes in full. Under a limit the ingest
    /// spills joins, sorts and uncommitted rows to the database's temp folder (<c>FILE.duckdb.tmp</c>) instead.</remarks>
    public static string MemoryLimit() =>
        Environment.GetEnvironmentVariable(MemoryLimitVariable) is { Length: > 0 } limit
            ? limit
            : DefaultMemoryLimit(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>A quarter of <paramref name="availableBytes"/> (the machine's or the container's memory), kept between
    /// <see cref="DefaultLimitFloorBytes"/> and <paramref name="ceilingBytes"/> (<see cref="DefaultLimitCeilingBytes"/>
    /// unless given), in DuckDB's syntax.</summary>
    public static string DefaultMemoryLimit(long availableBytes, long ceilingBytes = DefaultLimitCeilingBytes)
    {
        var bytes = Math.Clamp(availableBytes / 4, DefaultLimitFloorBytes, Math.Max(ceilingBytes, DefaultLimitFloorBytes));
        return string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20}MiB");
    }

    /// <summary>The default limit for work that reads the warehouse into the process's own arrays (the models and drift
    /// stages) never exceeds this: the arrays hold that work's data, so a larger buffer pool would only sit beside them.</summary>
    public const long ReadingLimitCeilingBytes = 512L << 20;

    /// <summary>The memory limit for work that mostly reads the warehouse into managed arrays: <see cref="MemoryLimitVariable"/>
    /// when set, else <see cref="DefaultMemoryLimit"/> of the memory this process may use, at most
    /// <see cref="ReadingLimitCeilingBytes"/>. Sorted reads larger than that spill to the temp folder.</summary>
    public static string ReadingMemoryLimit() => CappedMemoryLimit(ReadingLimitCeilingBytes);

    /// <summary>The default limit for the features stage (the customer side's sorted reads, KPIs and lifetime fits, then
    /// the session gold's dedup and the window over each customer's timeline) never exceeds this. The stage holds one
    /// limit from start to end: raising it between the two sides made DuckDB flush its allocator and fault the whole pool
    /// in again (about 0.1 M page faults and 4 CPU s at 1M lines, docs/pipeline.md). Below it the session window spills
    /// enough to cost time at 10M lines; with it the customer side's sorted reads plus the kernel's arrays stay under the
    /// models stage's peak there.</summary>
    public const long FeaturesLimitCeilingBytes = 2560L << 20;

    /// <summary>The default limit for storing the dashboard's tables never exceeds this: at 10M lines the store bench built
    /// them under it with no more CPU than under the 3 GiB default and half a gigabyte lower (the whole run's stage time
    /// varies by about ten seconds between runs either way, docs/pipeline.md); under 2 GiB the orders and product-visits
    /// statements spill and take twice as long.</summary>
    public const long DashboardLimitCeilingBytes = 2560L << 20;

    /// <summary>The default limit for the cross-sell stage (selecting the purchase lines, the baskets' joins, storing the
    /// next products) never exceeds this: the baskets and the next products are the process's own arrays, and since
    /// next_products.csv is written from them (no sort of the stored table) no statement of the stage needs more at 10M
    /// lines (docs/pipeline.md).</summary>
    public const long CrossSellLimitCeilingBytes = 2L << 30;

    /// <summary>The memory limit for work whose default is bounded by <paramref name="ceilingBytes"/>: <see cref="MemoryLimitVariable"/>
    /// when set (a user's limit always wins), else <see cref="DefaultMemoryLimit"/> of the memory this process may use, at
    /// most <paramref name="ceilingBytes"/>.</summary>
    public static string CappedMemoryLimit(long ceilingBytes) =>
        CappedMemoryLimit(Environment.GetEnvironmentVariable(MemoryLimitVariable), GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, ceilingBytes);

    /// <summary><paramref name="configured"/> (the user's <see cref="MemoryLimitVariable"/>) when it is set, else
    /// <see cref="DefaultMemoryLimit"/> of <paramref name="availableBytes"/> bounded by <paramref name="ceilingBytes"/>.</summary>
    public static string CappedMemoryLimit(string? configured, long availableBytes, long ceilingBytes) =>
        configured is { Length: > 0 } ? configured : DefaultMemoryLimit(availableBytes, ceilingBytes);

    /// <summary>Changes the memory limit of the open warehouse's DuckDB instance (every connection to it) to
    /// <paramref name="memoryLimit"/> (DuckDB syntax): raising it always succeeds; lowering it evicts cached blocks.</summary>
    public static void SetMemoryLimit(DuckDbConnection connection, string memoryLimit)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(memoryLimit);
        connection.Execute($"SET memory_limit = '{memoryLimit.Replace("'", "''", StringComparison.Ordinal)}';");
    }

    /// <summary>Removes a warehouse file, its write-ahead log and its spill folder; used when a first ingest fails so nothing
    /// half-made is left.</summary>
    public static void Delete(string path)
    {
        File.Delete(path);
        File.Delete(path + ".wal");

        // DuckDB's spill folder for this database; it is closed, so nothing in it is needed any more.
        if (Directory.Exists(path + ".tmp"))
        {
            Directory.Delete(path + ".tmp", recursive: true);
        }
    }
}
