using Patron.DuckDb;

namespace Patron.Features.Dashboard;

/// <summary>A small query answer for a page: named columns of values (null for SQL NULL), column-major.</summary>
/// <remarks>Numbers arrive as the CLR types of <see cref="DuckDbColumn.GetValue"/>; read them with
/// <see cref="Number"/> and <see cref="Text"/>. Immutable.</remarks>
public sealed class DashboardTable
{
    private readonly Dictionary<string, int> _ordinals;

    private DashboardTable(string[] columns, object?[][] values, int rows)
    {
        Columns = columns;
        _values = values;
        RowCount = rows;
        _ordinals = new Dictionary<string, int>(columns.Length, StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            _ordinals[columns[i]] = i;
        }
    }

    private readonly object?[][] _values;

    /// <summary>The column names in query order.</summary>
    public IReadOnlyList<string> Columns { get; }

    public int RowCount { get; }

    /// <summary>Whether the table has the column <paramref name="name"/>.</summary>
    public bool Has(string name) => _ordinals.ContainsKey(name);

    /// <summary>The value at (row, column); null for SQL NULL.</summary>
    public object? Value(int row, string column) => _values[Ordinal(column)][row];

    /// <summary>The value at (row, column) as a double; NaN for NULL.</summary>
    public double Number(int row, string column) => Value(row, column) switch
    {
        null => double.NaN,
        double d => d,
        decimal m => (double)m,
        Int128 h => (double)h,
        IConvertible c => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
        var other => throw new InvalidCastException($"Column {column} holds {other.GetType().Name}, not a number."),
    };

    /// <summary>The value at (row, column) as invariant text; null for NULL.</summary>
    public string? Text(int row, string column) => Value(row, column) switch
    {
        null => null,
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    /// <summary>Copies a query result.</summary>
    public static DashboardTable From(DuckDbResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = checked((int)result.RowCount);
        var columns = new string[result.ColumnCount];
        var values = new object?[result.ColumnCount][];
        for (var c = 0; c < columns.Length; c++)
        {
            var column = result[c];
            columns[c] = column.Name;
            var cells = new object?[rows];
            for (var r = 0; r < rows; r++)
            {
                cells[r] = column.GetValue(r);
            }

            values[c] = cells;
        }

        return new DashboardTable(columns, values, rows);
    }

    private int Ordinal(string column) =>
        _ordinals.TryGetValue(column, out var i) ? i : throw new KeyNotFoundException($"The dashboard query has no column {column}.");
}
