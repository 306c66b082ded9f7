using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

// Appender. Per-value calls take the raw handle: DuckDbAppender holds one reference on its
// SafeHandle for its whole life, which spares an interlocked add-ref on every appended value.
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_column_count")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial ulong AppenderColumnCount(nint appender);

    // The returned type is owned by the caller.
    [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_column_type")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial LogicalTypeHandle AppenderColumnType(nint appender, ulong column);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_append_data_chunk")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppendDataChunk(nint appender, DataChunkHandle chunk);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_create", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppenderCreate(ConnectionHandle connection, string? schema, string table, out AppenderHandle appender);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_error")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial byte* AppenderError(nint appender);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_flush")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppenderFlush(nint appender);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_close")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppenderClose(nint appender);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_destroy")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppenderDestroy(ref nint appender);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_appender_end_row")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppenderEndRow(nint appender);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_append_bool")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppendBool(nint appender, [MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_append_int32")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppendInt32(nint appender, int value);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_append_int64")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppendInt64(nint appender, long value);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_append_double")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppendDouble(nint appender, double value);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_append_varchar_length")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial DuckDbState AppendVarcharLength(nint appender, byte* value, ulong length);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_append_null")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppendNull(nint appender);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_append_date")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppendDate(nint appender, int days);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_append_timestamp")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState AppendTimestamp(nint appender, long micros);
}
