using Patron.DuckDb;

namespace Patron.Warehouse;

/// <summary>Opens the warehouse file with a message that names it when it is not a DuckDB database.</summary>
public static class WarehouseFile
{
    public static DuckDbConnection Open(string path, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (readOnly && !File.Exists(path))
        {
            throw new WarehouseException($"The warehouse file '{path}' does not exist. Run 'patron ingest' first, or pass --db.");
        }

        try
        {
            var connection = DuckDbConnection.Open(path, new DuckDbConfig { ReadOnly = readOnly, MemoryLimit = MemoryLimit() });
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

    /// <summary>Environment variable with DuckDB's memory limit for warehouse work (DuckDB syntax, e.g. <c>8GB</c>).</summary>
    public const string MemoryLimitVariable = "PATRON_MEMORY_LIMIT";

    /// <summary>The memory limit in force: <see cref="MemoryLimitVariable"/> when set, else null (DuckDB's default, 80% of RAM).</summary>
    /// <remarks>An ingest holds its uncommitted rows in one transaction, which DuckDB cannot spill; a limit below what a shop's
    /// ingest needs makes it fail with DuckDB's out-of-memory message rather than swap.</remarks>
    public static string? MemoryLimit() =>
        Environment.GetEnvironmentVariable(MemoryLimitVariable) is { Length: > 0 } limit ? limit : null;

    /// <summary>Removes a warehouse file and its write-ahead log; used when a first ingest fails so nothing half-made is left.</summary>
    public static void Delete(string path)
    {
        File.Delete(path);
        File.Delete(path + ".wal");
    }
}
