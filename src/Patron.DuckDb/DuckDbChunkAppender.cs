using System.Text;
using Patron.DuckDb.Native;

namespace Patron.DuckDb;

/// <summary>
/// Bulk-inserts rows into one table a chunk at a time: write up to <see cref="ChunkCapacity"/> values straight into each
/// column's vector, then hand the whole chunk to DuckDB with <see cref="AppendChunk"/>.
/// </summary>
/// <remarks>
/// <code>
/// using var appender = connection.CreateChunkAppender("gold", "scores");
/// var ids = ...; var scores = appender.Doubles(1);
/// for (var row = 0; row &lt; n; row++) { appender.SetString(0, row, ids[row]); scores[row] = ...; }
/// appender.AppendChunk(n);
/// </code>
/// One call per chunk instead of one per value: for wide numeric rows it appends several times faster than
/// <see cref="DuckDbAppender"/>. The spans of <see cref="Int64s"/>, <see cref="Doubles"/> and <see cref="Dates"/> are valid
/// until the next <see cref="AppendChunk"/>; every value of a chunk is valid unless <see cref="SetNull"/> marks it.
/// Not thread-safe. Rows reach the table on <see cref="Dispose"/> at the latest, which can therefore throw.
/// </remarks>
public sealed unsafe class DuckDbChunkAppender : IDisposable
{
    private const int StackStringBytes = 512;

    private readonly AppenderLease _appender;
    private readonly NativeTypeId[] _types;
    private readonly DataChunkHandle _chunk;
    private readonly nint[] _vectors;
    private readonly nint[] _data;
    private readonly ulong*[] _validity;

    internal DuckDbChunkAppender(DuckDbConnection connection, string schema, string table)
    {
        _appender = new AppenderLease(connection, schema, table);
        var raw = _appender.Raw;
        try
        {
            var count = checked((int)NativeMethods.AppenderColumnCount(raw));
            _types = new NativeTypeId[count];
            var typeHandles = new LogicalTypeHandle[count];
            var raws = new nint[count];
            try
            {
                for (var i = 0; i < count; i++)
                {
                    typeHandles[i] = NativeMethods.AppenderColumnType(raw, (ulong)i);
                    _types[i] = NativeMethods.GetTypeId(typeHandles[i]);
                    raws[i] = typeHandles[i].DangerousGetHandle();
                }

                fixed (nint* pointer = raws)
                {
                    _chunk = NativeMethods.CreateDataChunk(pointer, (ulong)count);
                }
            }
            finally
            {
                foreach (var type in typeHandles)
                {
                    type?.Dispose();
                }
            }

            ChunkCapacity = checked((int)NativeMethods.VectorSize());
            _vectors = new nint[count];
            _data = new nint[count];
            _validity = new ulong*[count];
            LoadVectors();
        }
        catch
        {
            _chunk?.Dispose();
            _appender.Release();
            throw;
        }
    }

    /// <summary>The most rows one chunk holds (DuckDB's vector size, 2048 in standard builds).</summary>
    public int ChunkCapacity { get; }

    public int ColumnCount => _types.Length;

    /// <summary>The current chunk's values of a BIGINT column.</summary>
    public Span<long> Int64s(int column) => new((void*)Data(column, NativeTypeId.BigInt), ChunkCapacity);

    /// <summary>The current chunk's values of an INTEGER column.</summary>
    public Span<int> Int32s(int column) => new((void*)Data(column, NativeTypeId.Integer), ChunkCapacity);

    /// <summary>The current chunk's values of a HUGEINT column.</summary>
    public Span<Int128> Int128s(int column) => new((void*)Data(column, NativeTypeId.HugeInt), ChunkCapacity);

    /// <summary>The current chunk's values of a DOUBLE column.</summary>
    public Span<double> Doubles(int column) => new((void*)Data(column, NativeTypeId.Double), ChunkCapacity);

    /// <summary>The current chunk's values of a DATE column, as days since 1970-01-01.</summary>
    public Span<int> Dates(int column) => new((void*)Data(column, NativeTypeId.Date), ChunkCapacity);

    /// <summary>Writes text into a VARCHAR column, or NULL for a null string.</summary>
    public void SetString(int column, int row, string? value)
    {
        Data(column, NativeTypeId.Varchar);
        CheckRow(row);
        if (value is null)
        {
            SetNull(column, row);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        var bytes = length <= StackStringBytes ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(value, bytes);
        fixed (byte* pointer = bytes)
        {
            NativeMethods.VectorAssignStringElementLength(_vectors[column], (ulong)row, pointer, (ulong)length);
        }
    }

    /// <summary>Marks one value of the current chunk NULL.</summary>
    public void SetNull(int column, int row)
    {
        ObjectDisposedException.ThrowIf(_appender.Closed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _types.Length);
        CheckRow(row);
        var validity = _validity[column];
        if (validity is null)
        {
            NativeMethods.VectorEnsureValidityWritable(_vectors[column]);
            validity = _validity[column] = NativeMethods.VectorGetValidity(_vectors[column]);
        }

        validity[row >> 6] &= ~(1UL << (row & 63));
    }

    /// <summary>Appends the first <paramref name="rows"/> rows of the current chunk to the table and starts an empty chunk.</summary>
    public void AppendChunk(int rows)
    {
        ObjectDisposedException.ThrowIf(_appender.Closed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, ChunkCapacity);
        if (rows > 0)
        {
            NativeMethods.DataChunkSetSize(_chunk, (ulong)rows);
            _appender.Check(NativeMethods.AppendDataChunk(_appender.Raw, _chunk));
        }

        NativeMethods.DataChunkReset(_chunk);
        LoadVectors();
    }

    /// <summary>Flushes the appended rows and releases the appender; rows written into an unappended chunk are dropped.</summary>
    public void Dispose()
    {
        if (_appender.Closed)
        {
            return;
        }

        try
        {
            _appender.Close();
        }
        finally
        {
            _chunk.Dispose();
        }
    }

    private nint Data(int column, NativeTypeId expected)
    {
        ObjectDisposedException.ThrowIf(_appender.Closed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _types.Length);
        if (_types[column] != expected)
        {
            throw new InvalidOperationException($"Column {column} of {_appender.Table} is {_types[column]}, not {expected}.");
        }

        return _data[column];
    }

    private void CheckRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, ChunkCapacity);
    }

    /// <summary>A reset chunk may hand out new buffers and has every value valid again, so pointers are fetched anew.</summary>
    private void LoadVectors()
    {
        for (var i = 0; i < _types.Length; i++)
        {
            _vectors[i] = NativeMethods.DataChunkGetVector(_chunk, (ulong)i);
            _data[i] = (nint)NativeMethods.VectorGetData(_vectors[i]);
            _validity[i] = null;
        }
    }
}
