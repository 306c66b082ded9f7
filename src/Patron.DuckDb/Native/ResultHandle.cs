using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Patron.DuckDb.Native;

/// <summary>
/// Owns a <c>duckdb_result</c> struct in native memory. The handle value is the struct's address,
/// which is what the C API expects for <c>duckdb_result*</c> parameters.
/// </summary>
/// <remarks>
/// Released with <c>duckdb_destroy_result</c> (also needed after a failed query, whose error text
/// lives in the result) and then the struct's memory is freed.
/// </remarks>
internal sealed class ResultHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ResultHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Allocates a zeroed result struct for DuckDB to fill.</summary>
    internal static unsafe ResultHandle Allocate()
    {
        NativeMethods.EnsureInitialized();
        var result = new ResultHandle();
        result.SetHandle((nint)NativeMemory.AllocZeroed((nuint)sizeof(NativeResult)));
        return result;
    }

    /// <summary>Fetches the next chunk, or null when the result is exhausted.</summary>
    internal unsafe DataChunkHandle? FetchChunk()
    {
        var added = false;
        try
        {
            DangerousAddRef(ref added);
            var chunk = NativeMethods.FetchChunk(*(NativeResult*)handle);
            if (chunk.IsInvalid)
            {
                chunk.Dispose();
                return null;
            }

            return chunk;
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    protected override unsafe bool ReleaseHandle()
    {
        var result = (NativeResult*)handle;
        NativeMethods.DestroyResult(result);
        NativeMemory.Free(result);
        return true;
    }
}
