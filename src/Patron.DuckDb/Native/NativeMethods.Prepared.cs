using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

// Prepared statements, parameter binding and streaming (pending) execution.
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "duckdb_prepare", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState Prepare(ConnectionHandle connection, string sql, out PreparedStatementHandle statement);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_prepare_error")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial byte* PrepareError(PreparedStatementHandle statement);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_prepare")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void DestroyPrepare(ref nint statement);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_nparams")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial ulong ParameterCount(PreparedStatementHandle statement);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_clear_bindings")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState ClearBindings(PreparedStatementHandle statement);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_null")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState BindNull(PreparedStatementHandle statement, ulong index);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_boolean")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState BindBoolean(PreparedStatementHandle statement, ulong index, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_int32")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState BindInt32(PreparedStatementHandle statement, ulong index, int value);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_int64")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState BindInt64(PreparedStatementHandle statement, ulong index, long value);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_double")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState BindDouble(PreparedStatementHandle statement, ulong index, double value);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_varchar_length")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial DuckDbState BindVarcharLength(PreparedStatementHandle statement, ulong index, byte* value, ulong length);

    // duckdb_date and duckdb_timestamp are single-field structs, passed like their int32/int64 field.
    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_date")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState BindDate(PreparedStatementHandle statement, ulong index, int days);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_timestamp")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState BindTimestamp(PreparedStatementHandle statement, ulong index, long micros);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_decimal")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState BindDecimal(PreparedStatementHandle statement, ulong index, NativeDecimal value);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_execute_prepared")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState ExecutePrepared(PreparedStatementHandle statement, ResultHandle result);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_pending_prepared_streaming")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState PendingPreparedStreaming(PreparedStatementHandle statement, out PendingResultHandle pending);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_pending_error")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial byte* PendingError(PendingResultHandle pending);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_execute_pending")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState ExecutePending(PendingResultHandle pending, ResultHandle result);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_pending")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void DestroyPending(ref nint pending);
}
