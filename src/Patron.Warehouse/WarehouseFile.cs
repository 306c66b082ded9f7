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
            return DuckDbConnection.Open(path, new DuckDbConfig { ReadOnly = readOnly });
        }
        catch (DuckDbException ex)
        {
            throw new WarehouseException($"'{path}' could not be opened as a Patron warehouse (a DuckDB database file): {ex.Message}", ex);
        }
    }

    /// <summary>Removes a warehouse file and its write-ahead log; used when a first ingest fails so nothing half-made is left.</summary>
    public static void Delete(string path)
    {
        File.Delete(path);
        File.Delete(path + ".wal");
    }
}
