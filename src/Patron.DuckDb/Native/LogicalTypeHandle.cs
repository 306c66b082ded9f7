using Microsoft.Win32.SafeHandles;

namespace Patron.DuckDb.Native;

/// <summary>Owns a <c>duckdb_logical_type</c>; released with <c>duckdb_destroy_logical_type</c>.</summary>
internal sealed class LogicalTypeHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LogicalTypeHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        var value = handle;
        NativeMethods.DestroyLogicalType(ref value);
        return true;
    }
}
