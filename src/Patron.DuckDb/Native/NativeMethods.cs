using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

/// <summary>
/// Declarations of the DuckDB C API, split by section of <c>duckdb.h</c> into partial files.
/// </summary>
/// <remarks>
/// The static constructor registers the library resolver before the first call into DuckDB resolves
/// the library, so every entry point goes through <see cref="DuckDbLibraryResolver"/>.
/// </remarks>
internal static partial class NativeMethods
{
    internal const string LibraryName = "duckdb";

    static NativeMethods()
    {
        DuckDbLibraryResolver.Register(typeof(NativeMethods).Assembly);
    }

    /// <summary>Forces the static constructor (and with it the resolver) to run.</summary>
    internal static void EnsureInitialized()
    {
    }

    /// <summary>Copies a NUL-terminated UTF-8 string that DuckDB owns.</summary>
    internal static unsafe string? ReadUtf8(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);
}
