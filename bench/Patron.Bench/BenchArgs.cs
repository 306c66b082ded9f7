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
    public static JsonDocument? RunPeer(string python, string script, params string[] arguments) => RunPeer(python, script, 0, arguments);

    /// <summary>As <see cref="RunPeer(string, string, string[])"/>, but stops the peer once its resident size passes
    /// <paramref name="maxRssMegabytes"/> (0: no bound), printing the size and the last progress line it wrote to standard
    /// error, so a peer too large for the machine is reported as such instead of exhausting its memory.</summary>
    public static JsonDocument? RunPeer(string python, string script, double maxRssMegabytes, params string[] arguments)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(FindPeerScript(script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {python}.");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                errors.Enqueue(line);
            }
        };
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEndAsync();
        double peak = 0;
        var stopped = false;
        while (!process.WaitForExit(200))
        {
            var rss = ResidentMegabytes(process.Id);
            peak = Math.Max(peak, rss);
            if (maxRssMegabytes > 0 && rss > maxRssMegabytes)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                stopped = true;
                break;
            }
        }

        process.WaitForExit();
        var stderr = string.Join('\n', errors);
        if (stopped)
        {
            var last = errors.LastOrDefault(l => l.Length > 0) ?? "(no progress line yet)";
            Console.WriteLine(FormattableString.Invariant(
                $"peer {script} stopped after {clock.Elapsed.TotalSeconds:F1} s: its resident size passed {maxRssMegabytes:F0} MB (peak seen {peak:F0} MB); last progress: {last}"));
            return null;
        }

        if (process.ExitCode != 0)
        {
            Console.WriteLine($"peer {script} failed (exit {process.ExitCode}): {stderr.Trim()}");
            return null;
        }

        return JsonDocument.Parse(output.Result.Trim().Split('\n')[^1]);
    }

    /// <summary>VmRSS of process <paramref name="pid"/> in MB, or 0 when it has gone.</summary>
    public static double ResidentMegabytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
            // The process ended between the check and the read.
        }

        return 0;
    }

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

    /// <summary>The process's peak resident set (VmHWM from /proc/self/status), in MB.</summary>
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
