using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

// Table functions: a function in a FROM clause whose rows C# produces. Callbacks are unmanaged function pointers to
// [UnmanagedCallersOnly] methods; DuckDB may call the scan callback from several of its threads at once.
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "duckdb_create_table_function")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial nint CreateTableFunction();

    [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_table_function")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void DestroyTableFunction(ref nint function);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_table_function_set_name", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void TableFunctionSetName(nint function, string name);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_table_function_add_parameter")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void TableFunctionAddParameter(nint function, nint type);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_table_function_set_bind")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial void TableFunctionSetBind(nint function, delegate* unmanaged[Cdecl]<nint, void> bind);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_table_function_set_init")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial void TableFunctionSetInit(nint function, delegate* unmanaged[Cdecl]<nint, void> init);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_table_function_set_function")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial void TableFunctionSetFunction(nint function, delegate* unmanaged[Cdecl]<nint, nint, void> scan);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_register_table_function")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState RegisterTableFunction(ConnectionHandle connection, nint function);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_get_parameter")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial nint BindGetParameter(nint info, ulong index);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_add_result_column", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void BindAddResultColumn(nint info, string name, nint type);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_set_bind_data")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void BindSetBindData(nint info, nint data, nint destroy);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_set_cardinality")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void BindSetCardinality(nint info, ulong cardinality, [MarshalAs(UnmanagedType.U1)] bool exact);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_bind_set_error", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void BindSetError(nint info, string error);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_init_get_bind_data")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial nint InitGetBindData(nint info);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_init_set_init_data")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial void InitSetInitData(nint info, nint data, delegate* unmanaged[Cdecl]<nint, void> destroy);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_init_set_max_threads")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void InitSetMaxThreads(nint info, ulong threads);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_init_set_error", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void InitSetError(nint info, string error);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_function_get_bind_data")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial nint FunctionGetBindData(nint info);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_function_get_init_data")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial nint FunctionGetInitData(nint info);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_function_set_error", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void FunctionSetError(nint info, string error);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_create_logical_type")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial nint CreateLogicalType(NativeTypeId type);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_get_int64")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial long GetInt64(nint value);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_value")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void DestroyValue(ref nint value);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_data_chunk_get_vector")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial nint DataChunkGetVectorRaw(nint chunk, ulong column);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_data_chunk_set_size")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void DataChunkSetSizeRaw(nint chunk, ulong size);
}
