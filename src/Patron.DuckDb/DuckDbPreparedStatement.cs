using System.Globalization;
using System.Text;
using Patron.DuckDb.Native;
using Patron.DuckDb.Reading;

namespace Patron.DuckDb;

/// <summary>A prepared statement: bind parameters, execute, re-bind, execute again.</summary>
/// <remarks>Not thread-safe; it belongs to the connection that prepared it and must be disposed before it.</remarks>
public sealed class DuckDbPreparedStatement : IDisposable
{
    private readonly PreparedStatementHandle _handle;
    private readonly string _sql;

    internal DuckDbPreparedStatement(PreparedStatementHandle handle, string sql)
    {
        _handle = handle;
        _sql = sql;
        ParameterCount = checked((int)NativeMethods.ParameterCount(handle));
    }

    public int ParameterCount { get; }

    /// <summary>
    /// Binds parameter <paramref name="index1Based"/> to <paramref name="value"/>: null, bool, int, long,
    /// double, decimal, string, DateOnly or DateTime (as a TIMESTAMP; the kind is ignored).
    /// Narrower integers and float widen to int and double.
    /// </summary>
    public unsafe DuckDbPreparedStatement Bind(int index1Based, object? value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index1Based, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index1Based, ParameterCount);
        var handle = Handle;
        var index = (ulong)index1Based;
        var status = value switch
        {
            null or DBNull => NativeMethods.BindNull(handle, index),
            bool b => NativeMethods.BindBoolean(handle, index, b),
            int i => NativeMethods.BindInt32(handle, index, i),
            long l => NativeMethods.BindInt64(handle, index, l),
            short s => NativeMethods.BindInt32(handle, index, s),
            byte u8 => NativeMethods.BindInt32(handle, index, u8),
            sbyte s8 => NativeMethods.BindInt32(handle, index, s8),
            double d => NativeMethods.BindDouble(handle, index, d),
            float f => NativeMethods.BindDouble(handle, index, f),
            decimal m => BindDecimal(handle, index, m),
            string text => BindString(handle, index, text),
            DateOnly date => NativeMethods.BindDate(handle, index, date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber),
            DateTime time => NativeMethods.BindTimestamp(handle, index, (time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond),
            _ => throw new ArgumentException(
                $"Parameter {index1Based} has type {value.GetType().Name}; bind null, bool, int, long, double, decimal, string, DateOnly or DateTime.",
                nameof(value)),
        };

        DuckDbErrors.Check(
            status,
            string.Create(CultureInfo.InvariantCulture, $"DuckDB could not bind parameter {index1Based} ({value?.GetType().Name ?? "NULL"}: {value})."),
            _sql);
        return this;
    }

    /// <summary>Binds several parameters in order, starting at 1.</summary>
    public DuckDbPreparedStatement BindAll(params ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            Bind(i + 1, values[i]);
        }

        return this;
    }

    public void ClearBindings() => DuckDbErrors.Check(NativeMethods.ClearBindings(Handle), "DuckDB could not clear the bindings.", _sql);

    /// <summary>Executes the statement; returns the rows it changed.</summary>
    public long ExecuteNonQuery()
    {
        using var result = Execute();
        return (long)NativeMethods.RowsChanged(result);
    }

    /// <summary>Executes the statement and copies the whole result into managed columns.</summary>
    public DuckDbResult Query()
    {
        using var result = Execute();
        return ResultReader.Materialize(result);
    }

    /// <summary>The first column of the first row; see <see cref="DuckDbConnection.Scalar{T}(string)"/>.</summary>
    public T? Scalar<T>()
    {
        using var result = Execute();
        return DuckDbConnection.FirstValue<T>(result);
    }

    /// <summary>Executes the statement and reads the result chunk by chunk.</summary>
    public DuckDbReader QueryStreaming() => ExecuteStreaming(ownsStatement: false);

    public void Dispose() => _handle.Dispose();

    internal DuckDbReader ExecuteStreaming(bool ownsStatement)
    {
        var status = NativeMethods.PendingPreparedStreaming(Handle, out var pending);
        using (pending)
        {
            DuckDbErrors.Check(status, pending, _sql);
            var result = ResultHandle.Allocate();
            try
            {
                DuckDbErrors.Check(NativeMethods.ExecutePending(pending, result), result, _sql);
                return new DuckDbReader(result, ownsStatement ? this : null);
            }
            catch
            {
                result.Dispose();
                throw;
            }
        }
    }

    private PreparedStatementHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    private ResultHandle Execute()
    {
        var result = ResultHandle.Allocate();
        try
        {
            DuckDbErrors.Check(NativeMethods.ExecutePrepared(Handle, result), result, _sql);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private static DuckDbState BindDecimal(PreparedStatementHandle handle, ulong index, decimal value) =>
        NativeMethods.BindDecimal(handle, index, ToNative(value));

    private static unsafe DuckDbState BindString(PreparedStatementHandle handle, ulong index, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var bytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(text, bytes);
        fixed (byte* pointer = bytes)
        {
            return NativeMethods.BindVarcharLength(handle, index, pointer, (ulong)length);
        }
    }

    internal static NativeDecimal ToNative(decimal value)
    {
        var (unscaled, scale) = DecimalMath.FromDecimal(value);

        // decimal holds at most 29 digits, so DECIMAL(38, scale) always fits; DuckDB casts it to the target column.
        return new NativeDecimal
        {
            Width = 38,
            Scale = scale,
            Lower = (ulong)unscaled,
            Upper = (long)(unscaled >> 64),
        };
    }
}
