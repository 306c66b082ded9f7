using Patron.DuckDb.Native;
using Patron.DuckDb.Reading;

namespace Patron.DuckDb;

/// <summary>
/// Reads a streaming result chunk by chunk, so a large result never has to fit in memory at once.
/// </summary>
/// <remarks>
/// <code>
/// using var reader = connection.QueryStreaming(sql);
/// while (reader.NextChunk()) { var ids = reader.Column(0); for (var r = 0; r &lt; reader.RowCount; r++) ... }
/// </code>
/// Each <see cref="Column(int)"/> is a managed copy of the current chunk's values and stays valid after the
/// next chunk is fetched. Not thread-safe.
/// </remarks>
public sealed class DuckDbReader : IDisposable
{
    private readonly ResultHandle _result;
    private readonly DuckDbPreparedStatement? _ownedStatement;
    private readonly ColumnSchema[] _schema;
    private readonly DuckDbColumn?[] _columns;
    private readonly string[] _names;
    private DataChunkHandle? _chunk;
    private bool _finished;

    internal DuckDbReader(ResultHandle result, DuckDbPreparedStatement? ownedStatement)
    {
        _result = result;
        _ownedStatement = ownedStatement;
        _schema = ResultReader.ReadSchema(result);
        _columns = new DuckDbColumn?[_schema.Length];
        _names = new string[_schema.Length];
        for (var i = 0; i < _schema.Length; i++)
        {
            _names[i] = _schema[i].Name;
        }
    }

    public int ColumnCount => _schema.Length;

    public IReadOnlyList<string> ColumnNames => _names;

    /// <summary>Rows in the current chunk; 0 before the first <see cref="NextChunk"/> and after the last.</summary>
    public int RowCount { get; private set; }

    /// <summary>Rows delivered so far, over all chunks.</summary>
    public long TotalRows { get; private set; }

    public DuckDbType GetColumnType(int index) => _schema[index].Type;

    /// <summary>The index of the column named <paramref name="name"/> (case-insensitive).</summary>
    public int GetOrdinal(string name)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"The result has no column '{name}'. Its columns are: {string.Join(", ", _names)}.");
    }

    /// <summary>Moves to the next chunk; false when the result is exhausted.</summary>
    public bool NextChunk()
    {
        ObjectDisposedException.ThrowIf(_result.IsClosed, this);
        ReleaseChunk();
        if (_finished)
        {
            return false;
        }

        while (true)
        {
            var chunk = _result.FetchChunk();
            if (chunk is null)
            {
                _finished = true;
                RowCount = 0;
                return false;
            }

            var size = checked((int)NativeMethods.DataChunkGetSize(chunk));
            if (size == 0)
            {
                chunk.Dispose();
                continue;
            }

            _chunk = chunk;
            RowCount = size;
            TotalRows += size;
            return true;
        }
    }

    /// <summary>A managed copy of column <paramref name="index"/> of the current chunk.</summary>
    public DuckDbColumn Column(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _schema.Length);
        if (_chunk is null)
        {
            throw new InvalidOperationException("There is no current chunk; call NextChunk first and read columns while it returns true.");
        }

        if (_columns[index] is { } cached)
        {
            return cached;
        }

        var builder = new ColumnBuilder(_schema[index], RowCount);
        builder.Append(NativeMethods.DataChunkGetVector(_chunk, (ulong)index), RowCount);
        return _columns[index] = builder.Build();
    }

    /// <summary>Column <paramref name="index"/> of the current chunk in place, without a managed copy; valid until the next
    /// <see cref="NextChunk"/>.</summary>
    public unsafe DuckDbVector Vector(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _schema.Length);
        if (_chunk is null)
        {
            throw new InvalidOperationException("There is no current chunk; call NextChunk first and read columns while it returns true.");
        }

        var vector = NativeMethods.DataChunkGetVector(_chunk, (ulong)index);
        return new DuckDbVector((byte*)NativeMethods.VectorGetData(vector), NativeMethods.VectorGetValidity(vector), RowCount, _schema[index]);
    }

    /// <summary>A managed copy of the named column of the current chunk.</summary>
    public DuckDbColumn Column(string name) => Column(GetOrdinal(name));

    public void Dispose()
    {
        ReleaseChunk();
        _result.Dispose();
        _ownedStatement?.Dispose();
    }

    private void ReleaseChunk()
    {
        _chunk?.Dispose();
        _chunk = null;
        Array.Clear(_columns);
    }
}
