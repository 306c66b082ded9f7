using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Patron.Bench;

/// <summary>Small helpers the benchmark programs share: options, peer scripts, peak memory.</summary>
internal static class BenchArgs
{
    public static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public static int IntOption(string[] args, string name, int fallback) =>
        int.Parse(Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public static double DoubleOption(string[] args, string name, double fallback) =>
        double.Parse(Option(args, name, fallback.ToString("R", CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>bench/peers/NAME in the first folder upwards from the program (or the working folder) that has it.</summary>
    public static string FindPeerScript(string name)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "bench", "peers", name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"bench/peers/{name} was not found above {AppContext.BaseDirectory} or the working folder.");
    }

    /// <summary>Runs bench/peers/SCRIPT with the arguments and parses the JSON object on the last line it prints; null (with
    /// the peer's error printed) when it fails, so the Patron side of a benchmark still reports.</summary>
    public static JsonDocument? RunPeer(string python, string script, params string[] arguments)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(FindPeerScript(script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {python}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"peer {script} failed (exit {process.ExitCode}): {error.Result.Trim()}");
            return null;
        }

        return JsonDocument.Parse(output.Trim().Split('\n')[^1]);
    }

    /// <summary>The process's peak resident set (VmHWM from /proc/self/status), in MB.</summary>
    /// <summary>The program and first arguments that start this benchmark program again as a child: its own executable, or
    /// the dotnet host with this assembly when it was started as <c>dotnet Patron.Bench.dll</c>.</summary>
    public static (string Program, string[] Arguments) Self(params string[] arguments)
    {
        var process = Environment.ProcessPath!;
        var assembly = typeof(BenchArgs).Assembly.Location;
        return string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.Ordinal)
            ? (process, [assembly, .. arguments])
            : (process, arguments);
    }

    public static double PeakRssMegabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        return double.NaN;
    }
}
