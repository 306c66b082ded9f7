using Microsoft.Win32.SafeHandles;

namespace Patron.DuckDb.Native;

/// <summary>Owns a <c>duckdb_pending_result</c>; released with <c>duckdb_destroy_pending</c>.</summary>
internal sealed class PendingResultHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public PendingResultHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        var value = handle;
        NativeMethods.DestroyPending(ref value);
        return true;
    }
}
