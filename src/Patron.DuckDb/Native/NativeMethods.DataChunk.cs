using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

// Data chunks and vectors. Vector pointers are borrowed from their chunk and die with it.
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "duckdb_data_chunk_get_size")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial ulong DataChunkGetSize(DataChunkHandle chunk);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_data_chunk_get_vector")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial nint DataChunkGetVector(DataChunkHandle chunk, ulong column);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_data_chunk")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void DestroyDataChunk(ref nint chunk);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_vector_get_data")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    [SuppressGCTransition]
    internal static unsafe partial void* VectorGetData(nint vector);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_vector_get_validity")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    [SuppressGCTransition]
    internal static unsafe partial ulong* VectorGetValidity(nint vector);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_create_data_chunk")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial DataChunkHandle CreateDataChunk(nint* types, ulong columnCount);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_data_chunk_reset")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void DataChunkReset(DataChunkHandle chunk);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_data_chunk_set_size")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void DataChunkSetSize(DataChunkHandle chunk, ulong size);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_vector_size")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial ulong VectorSize();

    [LibraryImport(LibraryName, EntryPoint = "duckdb_vector_ensure_validity_writable")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void VectorEnsureValidityWritable(nint vector);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_vector_assign_string_element_len")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial void VectorAssignStringElementLength(nint vector, ulong index, byte* text, ulong length);
}
