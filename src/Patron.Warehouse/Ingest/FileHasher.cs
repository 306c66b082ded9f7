using System.Security.Cryptography;

namespace Patron.Warehouse.Ingest;

/// <summary>Content hash of a file as stored (compressed bytes for .gz), the identity used to skip re-ingests.</summary>
internal static class FileHasher
{
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
