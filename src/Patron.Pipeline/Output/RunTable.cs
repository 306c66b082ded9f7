using System.Globalization;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Pipeline.Output;

/// <summary>One table of a run folder (a CSV or Parquet file the run wrote), read whole, column by column, through an
/// in-memory DuckDB: for readers of a finished run such as the scoring service.</summary>
/// <remarks>CSV cells are read as text, so ids keep their leading zeros; the columns named as numeric are cast to
/// DOUBLE (an empty cell is NaN), and parse exactly as .NET's round-trip parsing would. Not thread-safe; dispose after
/// copying the columns out.</remarks>
internal sealed class RunTable : IDisposable
{
    private readonly DuckDbConnection _connection;
    private readonly DuckDbResult _result;

    private RunTable(DuckDbConnection connection, DuckDbResult result)
    {
        _connection = connection;
        _result = result;
    }

    /// <summary>Rows read.</summary>
    public int RowCount => checked((int)_result.RowCount);

    /// <summary>Column names in file order.</summary>
    public IReadOnlyList<string> Columns
    {
        get
        {
            var names = new string[_result.ColumnCount];
            for (var j = 0; j < names.Length; j++)
            {
                names[j] = _result[j].Name;
            }

            return names;
        }
    }

    /// <summary>Whether the table has the column <paramref name="name"/>.</summary>
    public bool Has(string name) => _result.HasColumn(name);

    /// <summary>A numeric column (NULL as NaN).</summary>
    public double[] Numbers(string name) => _result[name].ToDoubleArray();

    /// <summary>A column as text (NULL as null).</summary>
    public string?[] Texts(string name) => _result[name].ToStringArray();

    /// <summary>Whether the column holds text rather than numbers.</summary>
    public bool IsText(string name) => _result[name].Type is DuckDbType.Varchar;

    /// <summary>Reads a CSV file of the run folder; <paramref name="numeric"/> says which columns are numbers.</summary>
    public static RunTable ReadCsv(string path, Func<string, bool> numeric)
    {
        ArgumentNullException.ThrowIfNull(numeric);
        var connection = Open();
        try
        {
            var source = string.Create(CultureInfo.InvariantCulture,
                $"read_csv({SqlScripts.Literal(path)}, header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"')");
            var select = new List<string>();
            using (var header = connection.Query($"DESCRIBE SELECT * FROM {source}"))
            {
                var names = header["column_name"];
                for (var i = 0; i < header.RowCount; i++)
                {
                    var name = names.GetString(i);
                    var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                    select.Add(numeric(name) ? $"CAST(nullif({quoted}, '') AS DOUBLE) AS {quoted}" : quoted);
                }
            }

            return new RunTable(connection, connection.Query($"SELECT {string.Join(", ", select)} FROM {source}"));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Reads a Parquet file of the run folder with its own column types.</summary>
    public static RunTable ReadParquet(string path)
    {
        var connection = Open();
        try
        {
            return new RunTable(connection, connection.Query($"SELECT * FROM read_parquet({SqlScripts.Literal(path)})"));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _result.Dispose();
        _connection.Dispose();
    }

    private static DuckDbConnection Open()
    {
        var connection = DuckDbConnection.OpenInMemory();
        connection.Execute($"SET memory_limit = {SqlScripts.Literal(WarehouseFile.MemoryLimit())};");
        return connection;
    }
}
