using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Patron.Server.Tests.Support;

/// <summary>A real redis-server (Debian package <c>redis-server</c>) on a free loopback port and a Unix domain socket in
/// the temporary folder, without persistence, stopped with the fixture.</summary>
public sealed class RedisServer : IDisposable
{
    private Process? _process;

    public RedisServer()
    {
        if (Binary is null)
        {
            return;
        }

        Port = FreePort();
        Start();
    }

    /// <summary>redis-server on the PATH or in /usr/bin, or null.</summary>
    public static string? Binary { get; } = Find();

    public int Port { get; }

    public string Store => $"redis://127.0.0.1:{Port}";

    /// <summary>The same server's Unix domain socket (owner-only), as a store argument.</summary>
    public string SocketStore => "unix://" + SocketPath;

    private string SocketPath => Path.Combine(Path.GetTempPath(), $"patron-redis-{Port}.sock");

    /// <summary>Kills the server (every connection drops, every key is lost) and starts an empty one on the same port.</summary>
    public void Restart()
    {
        Stop();
        Start();
    }

    public void Dispose() => Stop();

    private void Start()
    {
        _process = Process.Start(new ProcessStartInfo(Binary!)
        {
            ArgumentList =
            {
                "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--unixsocket", SocketPath, "--unixsocketperm", "700", "--save", "", "--appendonly", "no",
            },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        });
        _process!.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();

        // Bounded wait for the port and the socket: 30 s at most on a busy machine.
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                if (File.Exists(SocketPath))
                {
                    return;
                }

                Thread.Sleep(100);
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException("redis-server did not start listening within 30 s.");
    }

    private void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;

        // A killed server leaves its socket file behind.
        File.Delete(SocketPath);
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            var path = Path.Combine(dir, "redis-server");
            if (dir.Length > 0 && File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
