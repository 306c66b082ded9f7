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
}
