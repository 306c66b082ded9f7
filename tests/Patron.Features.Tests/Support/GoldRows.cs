using System.Globalization;
using Patron.DuckDb;

namespace Patron.Features.Tests.Support;

/// <summary>Reads gold rows into dictionaries keyed by customer, for exact comparisons.</summary>
internal static class GoldRows
{
    /// <summary>customer_id → (column → value as DuckDB casts it to text, "∅" for NULL).</summary>
    public static Dictionary<string, Dictionary<string, string>> Read(DuckDbConnection connection, string sql)
    {
        var result = connection.Query(sql);
        var rows = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var ids = result["customer_id"];
        for (var r = 0; r < ids.Length; r++)
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var column in result.Columns)
            {
                row[column.Name] = column.IsNull(r) ? "∅" : column.GetString(r);
            }

            rows[ids.GetString(r)] = row;
        }

        return rows;
    }

    /// <summary>One customer's features as boxed values (long, double, string or null).</summary>
    public static Dictionary<string, object?> Values(DuckDbConnection connection, DateOnly cutoff, string customer)
    {
        var result = connection.Query(string.Create(CultureInfo.InvariantCulture,
            $"SELECT * FROM gold.customer_features WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}' AND customer_id = '{customer}'"));
        Assert.Equal(1, result.RowCount);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var column in result.Columns)
        {
            values[column.Name] = column.IsNull(0) ? null : column.GetValue(0);
        }

        return values;
    }
}
