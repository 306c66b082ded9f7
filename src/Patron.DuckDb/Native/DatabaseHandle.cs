using Microsoft.Win32.SafeHandles;

namespace Patron.DuckDb.Native;

/// <summary>Owns a <c>duckdb_database</c>; released with <c>duckdb_close</c>.</summary>
internal sealed class DatabaseHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DatabaseHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        var value = handle;
        NativeMethods.Close(ref value);
        return true;
    }
}
