using Microsoft.Win32.SafeHandles;

namespace Patron.DuckDb.Native;

/// <summary>Owns a <c>duckdb_data_chunk</c>; released with <c>duckdb_destroy_data_chunk</c>. Its vectors are borrowed and die with it.</summary>
internal sealed class DataChunkHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DataChunkHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        var value = handle;
        NativeMethods.DestroyDataChunk(ref value);
        return true;
    }
}
