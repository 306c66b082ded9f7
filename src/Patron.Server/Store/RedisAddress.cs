using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Patron.Server.Store;

/// <summary>Where a Redis store listens: <c>redis://HOST:PORT</c> (TCP) or <c>unix:///PATH</c> (a Unix domain socket,
/// for a redis-server on the same host: no TCP stack on either side of a read).</summary>
internal sealed record RedisAddress
{
    private const string TcpScheme = "redis://";
    private const string UnixScheme = "unix://";

    private RedisAddress(string text, string? host, int port, string? socketPath)
    {
        Text = text;
        Host = host;
        Port = port;
        SocketPath = socketPath;
    }

    /// <summary>The argument as given.</summary>
    public string Text { get; }

    /// <summary>The host name or address of a TCP store; null for a socket path.</summary>
    public string? Host { get; }

    /// <summary>The port of a TCP store; 0 for a socket path.</summary>
    public int Port { get; }

    /// <summary>The Unix domain socket of a <c>unix://</c> store; null for TCP.</summary>
    public string? SocketPath { get; }

    public bool IsUnixSocket => SocketPath is not null;

    /// <summary>Whether <paramref name="store"/> names a Redis store (by its scheme; <see cref="Parse"/> checks the rest).</summary>
    public static bool IsRedis(string store) =>
        store.StartsWith(TcpScheme, StringComparison.OrdinalIgnoreCase) || store.StartsWith(UnixScheme, StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException"><paramref name="store"/> is neither <c>redis://HOST:PORT</c> nor
    /// <c>unix:///PATH</c> with an absolute path.</exception>
    public static RedisAddress Parse(string store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.StartsWith(UnixScheme, StringComparison.OrdinalIgnoreCase))
        {
            var path = store[UnixScheme.Length..];
            if (path.Length < 2 || path[0] != '/' || path.EndsWith('/'))
            {
                throw new ArgumentException($"A Redis socket store is named unix:///PATH with an absolute path, not '{store}'.");
            }

            return new RedisAddress(store, null, 0, path);
        }

        var endpoint = RedisKeys.Endpoint(store);
        var colon = endpoint.LastIndexOf(':');
        var port = 6379;
        if (colon > 0 && (!int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new ArgumentException($"A Redis store is named redis://HOST:PORT, not '{store}'.");
        }

        var host = (colon > 0 ? endpoint[..colon] : endpoint).Trim('[', ']');
        return new RedisAddress(store, host, port, null);
    }

    /// <summary>The socket endpoint of the read client.</summary>
    public EndPoint EndPoint => SocketPath is { } path
        ? new UnixDomainSocketEndPoint(path)
        : IPAddress.TryParse(Host, out var ip) ? new IPEndPoint(ip, Port) : new DnsEndPoint(Host!, Port);

    /// <summary>StackExchange.Redis's options for the same server (publishing, write-through, cleanup).</summary>
    public ConfigurationOptions Configuration()
    {
        if (SocketPath is { } path)
        {
            var options = new ConfigurationOptions();
            options.EndPoints.Add(new UnixDomainSocketEndPoint(path));
            return options;
        }

        return ConfigurationOptions.Parse(RedisKeys.Endpoint(Text));
    }

    public override string ToString() => SocketPath ?? $"{Host}:{Port}";
}
