using System.Security.Cryptography;
using Patron.DuckDb;

namespace Patron.Warehouse.Tests.Support;

/// <summary>Reads a warehouse file for assertions, and fingerprints it to prove a failed command left it as it was.</summary>
internal static class WarehouseProbe
{
    public static long Count(string warehouse, string sqlOrTable)
    {
        using var connection = DuckDbConnection.Open(warehouse, new DuckDbConfig { ReadOnly = true });
        var sql = sqlOrTable.Contains(' ', StringComparison.Ordinal) ? sqlOrTable : $"SELECT count(*) FROM {sqlOrTable}";
        return connection.Scalar<long>(sql);
    }

    /// <summary>The rows of a query, each as its values joined by '|', in the query's order.</summary>
    public static List<string> Rows(string warehouse, string sql)
    {
        using var connection = DuckDbConnection.Open(warehouse, new DuckDbConfig { ReadOnly = true });
        var result = connection.Query(sql);
        var rows = new List<string>((int)result.RowCount);
        for (var r = 0; r < result.RowCount; r++)
        {
            rows.Add(string.Join('|', result.Columns.Select(c => c.GetValue(r)?.ToString() ?? "∅")));
        }

        return rows;
    }

    /// <summary>Content of every table as text, in a fixed order: equal fingerprints mean equal warehouses.</summary>
    public static string Fingerprint(string warehouse)
    {
        using var connection = DuckDbConnection.Open(warehouse, new DuckDbConfig { ReadOnly = true });
        var tables = connection.Query(
            "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < tables.RowCount; i++)
        {
            var table = tables["t"].GetString(i);
            var rows = connection.Query($"SELECT * FROM {table} ORDER BY ALL");
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(table + ":" + rows.RowCount + ";"));
            foreach (var column in rows.Columns)
            {
                for (var r = 0; r < column.Length; r++)
                {
                    hash.AppendData(System.Text.Encoding.UTF8.GetBytes((column.GetValue(r)?.ToString() ?? "∅") + "|"));
                }
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
