using System.Globalization;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Build;

/// <summary>Writes a gold table to Parquet or CSV (chosen by the file extension) with DuckDB's COPY.</summary>
public static class GoldExport
{
    /// <summary>Gold tables present in the warehouse, sorted by name.</summary>
    public static IReadOnlyList<string> Tables(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var names = connection.Query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold' AND NOT temporary ORDER BY table_name")["table_name"];
        var list = new string[names.Length];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = names.GetString(i);
        }

        return list;
    }

    /// <summary>
    /// Exports <c>gold.{table}</c> (a name with or without the <c>gold.</c> prefix) to <paramref name="path"/>; a
    /// <paramref name="cutoff"/> keeps only that cutoff's rows of a table with a <c>cutoff</c> column. Returns the rows written.
    /// </summary>
    public static long Export(DuckDbConnection connection, string table, string path, DateOnly? cutoff = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = table.StartsWith("gold.", StringComparison.OrdinalIgnoreCase) ? table[5..] : table;
        var tables = Tables(connection);
        if (!tables.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException(tables.Count == 0
                ? $"The warehouse has no gold tables yet; run 'patron features --cutoff DATE' first."
                : $"There is no gold table '{name}'. Gold tables: {string.Join(", ", tables)}.");
        }

        var format = Format(path);
        var where = "";
        if (cutoff is { } c)
        {
            var hasCutoff = connection.Scalar<long>(
                $"SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'gold' AND table_name = {SqlScripts.Literal(name)} AND column_name = 'cutoff'") > 0;
            if (!hasCutoff)
            {
                throw new ArgumentException($"gold.{name} has no cutoff column; export it without a cutoff.");
            }

            where = string.Create(CultureInfo.InvariantCulture, $" WHERE cutoff = DATE '{c:yyyy-MM-dd}'");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Keyed tables are mostly written unsorted (sorting wide tables is costly); the export puts them in key order.
        bool Has(string column) => connection.Scalar<long>(
            $"SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'gold' AND table_name = {SqlScripts.Literal(name)} AND column_name = {SqlScripts.Literal(column)}") > 0;
        var keys = new List<string>();
        foreach (var key in new[] { "customer_id", "cutoff", "session_id" })
        {
            // A cutoff asked for is the same on every row; session tables have no cutoff, and one row per session.
            if (!(key == "cutoff" && cutoff is not null) && Has(key))
            {
                keys.Add(key);
            }
        }

        var sorted = keys.Contains("customer_id") || keys.Contains("session_id");
        var from = $"FROM gold.\"{name}\"{where}";
        var copy = $"COPY (SELECT * {from}{(sorted ? " ORDER BY " + string.Join(", ", keys) : "")}) TO {SqlScripts.Literal(path)} ({format});";
        if (sorted && keys.Count == 1 && InsertionOrder.Kept(connection, () => StoredInKeyOrder(connection, from, keys[0])))
        {
            // Rows a writer stored in key order (the pipeline's scoring cutoff) are copied as stored: the same file as
            // the sorted copy, without sorting every wide row again. A single key strictly increasing has one order.
            InsertionOrder.Kept(connection, () => connection.Execute($"COPY (SELECT * {from}) TO {SqlScripts.Literal(path)} ({format});"));
        }
        else
        {
            // Anything else is sorted as before, under the connection's own setting.
            connection.Execute(copy);
        }

        return connection.Scalar<long>($"SELECT count(*) {from}");
    }

    /// <summary>Whether the rows of <paramref name="from"/>, read in the order they are stored, have <paramref name="key"/>
    /// strictly increasing (by bytes, as DuckDB sorts text) with no NULL; call with insertion order kept.</summary>
    internal static bool StoredInKeyOrder(DuckDbConnection connection, string from, string key)
    {
        using var reader = connection.QueryStreaming($"SELECT \"{key}\" {from}");
        if (reader.GetColumnType(0) != DuckDbType.Varchar)
        {
            return false;
        }

        var previous = new byte[64];
        var previousLength = -1;
        while (reader.NextChunk())
        {
            var ids = reader.Vector(0);
            for (var r = 0; r < reader.RowCount; r++)
            {
                if (ids.IsNull(r))
                {
                    return false;
                }

                var id = ids.Utf8(r);
                if (previousLength >= 0 && id.SequenceCompareTo(previous.AsSpan(0, previousLength)) <= 0)
                {
                    return false;
                }

                if (id.Length > previous.Length)
                {
                    previous = new byte[Math.Max(id.Length, previous.Length * 2)];
                }

                id.CopyTo(previous);
                previousLength = id.Length;
            }
        }

        return true;
    }

    private static string Format(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".parquet" => "FORMAT PARQUET",
            ".csv" => "FORMAT CSV, HEADER TRUE",
            _ => throw new ArgumentException($"'{path}': expected a .parquet or .csv file name."),
        };
    }
}
