using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

/// <summary>The <c>duckdb_query_progress_type</c> struct returned by <c>duckdb_query_progress</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeQueryProgress
{
    public double Percentage;
    public ulong RowsProcessed;
    public ulong TotalRowsToProcess;
}
