using System.Text;
using Patron.DuckDb;

namespace Patron.Features.Tests.Support;

/// <summary>Gold tables as text, for comparing two builds exactly.</summary>
internal static class GoldSnapshot
{
    /// <summary>Every gold table whose name matches the LIKE pattern: its columns with their types, then every row in a fixed
    /// order with every value as DuckDB writes it as text (doubles round-trip, "∅" for NULL).</summary>
    public static string Text(DuckDbConnection connection, string tablePattern = "%")
    {
        var text = new StringBuilder();
        var tables = connection.Query(
            $"SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold' AND NOT temporary AND table_name LIKE '{tablePattern}' ORDER BY table_name")["table_name"];
        for (var t = 0; t < tables.Length; t++)
        {
            var name = tables.GetString(t);
            var rows = connection.Query($"SELECT * FROM gold.\"{name}\" ORDER BY ALL");
            text.Append("## ").Append(name).Append(' ').Append(rows.RowCount).Append('\n');
            var types = connection.Query(
                $"SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'gold' AND table_name = '{name}' ORDER BY column_index");
            for (var c = 0; c < types.RowCount; c++)
            {
                text.Append(types["column_name"].GetString(c)).Append(' ').Append(types["data_type"].GetString(c)).Append('|');
            }

            text.Append('\n');
            for (var r = 0; r < rows.RowCount; r++)
            {
                foreach (var column in rows.Columns)
                {
                    text.Append(column.IsNull(r) ? "∅" : column.GetString(r)).Append('|');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }
}
