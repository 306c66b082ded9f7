using Microsoft.Win32.SafeHandles;

namespace Patron.DuckDb.Native;

/// <summary>Owns a <c>duckdb_appender</c>; released with <c>duckdb_appender_destroy</c>, which also flushes what is left.</summary>
internal sealed class AppenderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public AppenderHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        var value = handle;
        _ = NativeMethods.AppenderDestroy(ref value);
        return true;
    }
}
