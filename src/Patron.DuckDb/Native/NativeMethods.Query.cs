using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

// Query execution and result access.
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "duckdb_query", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState Query(ConnectionHandle connection, string sql, ResultHandle result);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_result")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial void DestroyResult(NativeResult* result);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_result_error")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial byte* ResultError(ResultHandle result);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_column_count")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial ulong ColumnCount(ResultHandle result);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_row_count")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial ulong RowCount(ResultHandle result);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_rows_changed")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial ulong RowsChanged(ResultHandle result);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_result_is_streaming")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ResultIsStreaming(NativeResult result);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_column_name")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial byte* ColumnName(ResultHandle result, ulong column);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_column_logical_type")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial LogicalTypeHandle ColumnLogicalType(ResultHandle result, ulong column);

    // duckdb_fetch_chunk takes the result struct by value; the caller keeps the ResultHandle alive.
    [LibraryImport(LibraryName, EntryPoint = "duckdb_fetch_chunk")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DataChunkHandle FetchChunk(NativeResult result);
}
