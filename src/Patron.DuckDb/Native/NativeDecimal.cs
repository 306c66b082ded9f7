using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

/// <summary>The <c>duckdb_decimal</c> struct: width, scale and the unscaled value as a hugeint.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeDecimal
{
    public byte Width;
    public byte Scale;
    public ulong Lower;
    public long Upper;
}
