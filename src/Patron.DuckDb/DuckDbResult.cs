namespace Patron.DuckDb;

/// <summary>A fully materialized query result, stored column by column in managed arrays.</summary>
/// <remarks>
/// Holds no native resources: the DuckDB result is released before this object is returned.
/// <see cref="Dispose"/> only drops the references to the columns; columns taken earlier stay valid.
/// </remarks>
public sealed class DuckDbResult : IDisposable
{
    private DuckDbColumn[] _columns;
    private Dictionary<string, int>? _ordinals;

    internal DuckDbResult(DuckDbColumn[] columns, long rowCount)
    {
        _columns = columns;
        RowCount = rowCount;
    }

    public int ColumnCount => _columns.Length;

    public long RowCount { get; }

    public IReadOnlyList<DuckDbColumn> Columns => _columns;

    /// <summary>The column named <paramref name="name"/>: an exact match first, then a case-insensitive one.</summary>
    /// <exception cref="KeyNotFoundException">No such column; the message lists the available names.</exception>
    public DuckDbColumn this[string name] => _columns[Ordinal(name)];

    public DuckDbColumn this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _columns.Length);
            return _columns[index];
        }
    }

    /// <summary>True when a column named <paramref name="name"/> exists (case-insensitive).</summary>
    public bool HasColumn(string name) => TryGetOrdinal(name, out _);

    public void Dispose()
    {
        _columns = [];
        _ordinals = null;
    }

    private int Ordinal(string name)
    {
        if (TryGetOrdinal(name, out var ordinal))
        {
            return ordinal;
        }

        var names = new string[_columns.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = _columns[i].Name;
        }

        throw new KeyNotFoundException($"The result has no column '{name}'. Its columns are: {string.Join(", ", names)}.");
    }

    private bool TryGetOrdinal(string name, out int ordinal)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_ordinals is null)
        {
            var ordinals = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < _columns.Length; i++)
            {
                ordinals.TryAdd(_columns[i].Name, i);
            }

            _ordinals = ordinals;
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.Ordinal))
            {
                ordinal = i;
                return true;
            }
        }

        return _ordinals.TryGetValue(name, out ordinal);
    }
}
