namespace Patron.DuckDb.Reading;

/// <summary>Formats DuckDB's UUID storage as the usual 8-4-4-4-12 hex text.</summary>
internal static class UuidText
{
    /// <summary>
    /// DuckDB stores a UUID as a HUGEINT whose top bit is flipped, so that signed comparison sorts
    /// UUIDs in byte order; flipping it back gives the UUID's 128 bits, most significant first.
    /// </summary>
    public static string Format(Int128 stored)
    {
        var bits = (UInt128)stored ^ (UInt128.One << 127);
        var upper = (ulong)(bits >> 64);
        var lower = (ulong)bits;
        return string.Create(36, (upper, lower), static (span, value) =>
        {
            Span<char> hex = stackalloc char[32];
            value.upper.TryFormat(hex, out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
            value.lower.TryFormat(hex[16..], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
            hex[..8].CopyTo(span);
            span[8] = '-';
            hex[8..12].CopyTo(span[9..]);
            span[13] = '-';
            hex[12..16].CopyTo(span[14..]);
            span[18] = '-';
            hex[16..20].CopyTo(span[19..]);
            span[23] = '-';
            hex[20..].CopyTo(span[24..]);
        });
    }
}
