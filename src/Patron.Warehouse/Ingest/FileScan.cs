using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Patron.Warehouse.Ingest;

/// <summary>
/// One pass over an input file before anything is stored: its content hash (of the bytes as stored, compressed for
/// <c>.gz</c>, the identity used to skip re-ingests), its records counted as the reader will split them, and the
/// checks that refuse the whole file: quote damage that would swallow rows, and a truncated or corrupt gzip archive.
/// </summary>
internal static class FileScan
{
    private const int BufferSize = 1 << 20;

    /// <summary>Scans <paramref name="path"/>; throws <see cref="InputException"/> naming the file when it must be refused.</summary>
    /// <returns>The SHA-256 (lowercase hex) and the non-empty records, the header line included.</returns>
    public static (string Sha256, long Records) Run(string path, string displayName, RecordScanner scanner)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            string sha256;
            if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                // Plain text: hash and count in the same read.
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                int read;
                while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    scanner.Feed(buffer.AsSpan(0, read));
                }

                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            else
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan))
                {
                    sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
                }

                ScanGzip(path, displayName, scanner, buffer);
            }

            scanner.Finish();
            if (scanner.DamageError(displayName) is { } damage)
            {
                throw damage;
            }

            return (sha256, scanner.Records);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Decompresses the whole archive through the scanner. .NET's reader ends quietly at a truncated archive, so the
    /// gzip trailer is checked too: its last four bytes hold the decompressed length modulo 2^32, which a cut-off
    /// archive's last bytes (compressed data) match only by a one-in-four-billion chance.
    /// </summary>
    private static void ScanGzip(string path, string displayName, RecordScanner scanner, byte[] buffer)
    {
        long total = 0;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            int read;
            while ((read = gzip.Read(buffer, 0, BufferSize)) > 0)
            {
                total += read;
                scanner.Feed(buffer.AsSpan(0, read));
            }
        }
        catch (InvalidDataException ex)
        {
            throw new InputException(displayName, null, null, $"the file is not a valid gzip archive ({ex.Message}); nothing was loaded from it");
        }

        Span<byte> trailer = stackalloc byte[4];
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            if (file.Length < 18)
            {
                throw new InputException(displayName, null, null, "the gzip archive is truncated (shorter than a gzip header and trailer); nothing was loaded from it");
            }

            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(trailer);
        }

        var stated = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if (stated != unchecked((uint)total))
        {
            throw new InputException(displayName, null, null, string.Create(CultureInfo.InvariantCulture,
                $"the gzip archive is truncated or corrupt: it decompresses to {total} bytes but its trailer states {stated} (modulo 2^32); ")
                + "nothing was loaded from it. Copy or download it again (an archive of several concatenated gzip members is not supported: decompress it, or recompress it as one)");
        }
    }
}
