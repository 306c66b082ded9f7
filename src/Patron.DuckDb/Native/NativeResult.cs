using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

/// <summary>
/// The <c>duckdb_result</c> struct. Callers allocate it and DuckDB fills it; only
/// <see cref="InternalData"/> matters, the other fields are deprecated and kept for the layout.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeResult
{
    public ulong DeprecatedColumnCount;
    public ulong DeprecatedRowCount;
    public ulong DeprecatedRowsChanged;
    public nint DeprecatedColumns;
    public nint DeprecatedErrorMessage;
    public nint InternalData;
}
