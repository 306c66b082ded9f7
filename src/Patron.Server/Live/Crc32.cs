namespace Patron.Server.Live;

/// <summary>CRC-32 (the IEEE 802.3 polynomial, reflected, as zlib and PNG compute it: "123456789" gives 0xCBF43926),
/// table-driven; checks each record of the event journal.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = MakeTable();

    /// <summary>The running value before any byte.</summary>
    public const uint Start = 0xFFFFFFFFu;

    /// <summary>Adds <paramref name="bytes"/> to a running value (begin with <see cref="Start"/>).</summary>
    public static uint Append(uint running, ReadOnlySpan<byte> bytes)
    {
        var crc = running;
        foreach (var b in bytes)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    /// <summary>The checksum of a running value.</summary>
    public static uint Finish(uint running) => running ^ 0xFFFFFFFFu;

    /// <summary>The checksum of <paramref name="bytes"/>.</summary>
    public static uint Of(ReadOnlySpan<byte> bytes) => Finish(Append(Start, bytes));

    private static uint[] MakeTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
