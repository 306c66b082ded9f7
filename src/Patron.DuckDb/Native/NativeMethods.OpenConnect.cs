using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

// Open/connect, configuration and library-level helpers.
internal static partial class NativeMethods
{
    [LibraryImport(LibraryName, EntryPoint = "duckdb_open_ext", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial DuckDbState OpenExt(string path, out DatabaseHandle database, ConfigHandle config, out byte* error);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_close")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void Close(ref nint database);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_connect")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState Connect(DatabaseHandle database, out ConnectionHandle connection);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_disconnect")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void Disconnect(ref nint connection);

    // Interrupt and progress are meant to be called from another thread while a query runs.
    [LibraryImport(LibraryName, EntryPoint = "duckdb_interrupt")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void Interrupt(ConnectionHandle connection);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_query_progress")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial NativeQueryProgress QueryProgress(ConnectionHandle connection);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_create_config")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState CreateConfig(out ConfigHandle config);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_set_config", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial DuckDbState SetConfig(ConfigHandle config, string name, string option);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_config")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static partial void DestroyConfig(ref nint config);

    [LibraryImport(LibraryName, EntryPoint = "duckdb_library_version")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial byte* LibraryVersion();

    [LibraryImport(LibraryName, EntryPoint = "duckdb_free")]
    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
    internal static unsafe partial void Free(void* pointer);
}
