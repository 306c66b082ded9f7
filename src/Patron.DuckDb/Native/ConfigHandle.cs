using Microsoft.Win32.SafeHandles;

namespace Patron.DuckDb.Native;

/// <summary>Owns a <c>duckdb_config</c>; released with <c>duckdb_destroy_config</c>.</summary>
internal sealed class ConfigHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ConfigHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        var value = handle;
        NativeMethods.DestroyConfig(ref value);
        return true;
    }
}
