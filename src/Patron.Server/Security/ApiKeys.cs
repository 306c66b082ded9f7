using System.Security.Cryptography;
using System.Text;

namespace Patron.Server.Security;

/// <summary>The keys of an API key file and their roles, checked in constant time.</summary>
/// <remarks>File format (docs/serving.md): one key a line as <c>ROLE KEY</c> or <c>ROLE NAME KEY</c>, where ROLE is
/// <c>read</c> or <c>admin</c>, NAME an optional label for the operator and KEY at least 16 characters without spaces;
/// blank lines and lines starting with <c>#</c> are skipped. Only SHA-256 digests of the keys are kept in memory, and a
/// presented key is compared with every digest, so the time taken says nothing about which key or how much of it
/// matched. Immutable and thread-safe.</remarks>
internal sealed class ApiKeys
{
    public const int MinimumLength = 16;

    private readonly byte[][] _digests;
    private readonly ApiKeyRole[] _roles;

    private ApiKeys(byte[][] digests, ApiKeyRole[] roles)
    {
        _digests = digests;
        _roles = roles;
    }

    public int Count => _digests.Length;

    public static ApiKeys Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The API key file {path} does not exist.");
        }

        return Parse(File.ReadAllLines(path), path);
    }

    public static ApiKeys Parse(IReadOnlyList<string> lines, string source)
    {
        var digests = new List<byte[]>();
        var roles = new List<ApiKeyRole>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is < 2 or > 3)
            {
                throw new FormatException($"{source} line {i + 1}: expected 'ROLE KEY' or 'ROLE NAME KEY'.");
            }

            var role = parts[0] switch
            {
                "read" => ApiKeyRole.Read,
                "admin" => ApiKeyRole.Admin,
                _ => throw new FormatException($"{source} line {i + 1}: the role must be 'read' or 'admin', not '{parts[0]}'."),
            };
            var key = parts[^1];
            if (key.Length < MinimumLength)
            {
                throw new FormatException($"{source} line {i + 1}: a key needs at least {MinimumLength} characters.");
            }

            digests.Add(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            roles.Add(role);
        }

        if (digests.Count == 0)
        {
            throw new FormatException($"{source} holds no key.");
        }

        return new ApiKeys([.. digests], [.. roles]);
    }

    /// <summary>The role of <paramref name="presented"/>, or null when it is no key of the file.</summary>
    public ApiKeyRole? Match(ReadOnlySpan<char> presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetByteCount(presented);
        var buffer = bytes <= 1024 ? stackalloc byte[bytes] : new byte[bytes];
        Encoding.UTF8.GetBytes(presented, buffer);
        SHA256.HashData(buffer, digest);
        var found = -1;
        for (var i = 0; i < _digests.Length; i++)
        {
            // Every digest is compared, whatever matched before.
            var equal = CryptographicOperations.FixedTimeEquals(digest, _digests[i]);
            found = equal && found < 0 ? i : found;
        }

        return found < 0 ? null : _roles[found];
    }
}
