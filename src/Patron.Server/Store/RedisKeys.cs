namespace Patron.Server.Store;

/// <summary>The Redis key space of published runs (docs/serving.md, store layout): one key per customer under the run's
/// version, and one pointer to the version served.</summary>
internal static class RedisKeys
{
    /// <summary>The pointer: the version every instance serves.</summary>
    public const string Current = "patron:current";

    /// <summary>The versions published, newest first.</summary>
    public const string Runs = "patron:runs";

    public static string Customer(string version, string id) => CustomerPrefix(version) + id;

    /// <summary>The part of every customer key of <paramref name="version"/> before the customer id.</summary>
    public static string CustomerPrefix(string version) => $"patron:run:{version}:customer:";

    public static string Meta(string version) => $"patron:run:{version}:meta";

    /// <summary>A SCAN pattern matching every key of <paramref name="version"/> (glob characters in it escaped).</summary>
    public static string VersionPattern(string version)
    {
        var escaped = new System.Text.StringBuilder(version.Length + 8);
        foreach (var ch in version)
        {
            if (ch is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(ch);
        }

        return $"patron:run:{escaped}:*";
    }

    /// <summary>The host and port of a <c>redis://HOST:PORT</c> store argument.</summary>
    public static string Endpoint(string store)
    {
        const string scheme = "redis://";
        if (!store.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || store.Length == scheme.Length)
        {
            throw new ArgumentException($"A Redis store is named redis://HOST:PORT, not '{store}'.");
        }

        return store[scheme.Length..].TrimEnd('/');
    }
}
