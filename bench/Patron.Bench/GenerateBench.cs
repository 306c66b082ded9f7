using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Patron.Demo;

namespace Patron.Bench;

/// <summary>
/// The demo shop generator at scale: generates about N transactions (default 1M), reports rows per second, bytes
/// written and the process's peak working set, then runs a vectorised NumPy/pandas generator of the same
/// transactions.csv schema (bench/peers/generate_pandas.py) as the peer and prints the ratios.
/// </summary>
/// <remarks>Usage: <c>generate [--transactions N] [--seed S] [--dir DIR] [--python PATH] [--skip-peer] [--keep]</c>.</remarks>
internal static class GenerateBench
{
    public static int Run(string[] args)
    {
        var transactions = long.Parse(Option(args, "--transactions", "1000000"), CultureInfo.InvariantCulture);
        var seed = ulong.Parse(Option(args, "--seed", "42"), CultureInfo.InvariantCulture);
        var dir = Option(args, "--dir", Path.Combine(Path.GetTempPath(), "patron-bench-generate"));
        var python = Option(args, "--python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        var patronDir = Path.Combine(dir, "patron");
        var result = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = patronDir, Transactions = transactions, Seed = seed });
        var seconds = result.Elapsed.TotalSeconds;
        var bytes = 0L;
        foreach (var file in result.Files)
        {
            bytes += new FileInfo(file.Path).Length;
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var peakMb = self.PeakWorkingSet64 / (1024.0 * 1024.0);
        var rowsPerSecond = result.TransactionRows / seconds;
        Console.WriteLine(FormattableString.Invariant(
            $"patron: {result.TransactionRows:N0} transactions ({result.Customers:N0} customers, {result.Products:N0} products, {result.FutureTransactionRows:N0} future rows) in {seconds:F2} s = {rowsPerSecond:N0} rows/s; {bytes / 1e6:F1} MB written = {bytes / 1e6 / seconds:F0} MB/s; peak working set {peakMb:F0} MB; {Environment.ProcessorCount} cores"));

        if (args.Contains("--skip-peer"))
        {
            Cleanup(dir, args);
            return 0;
        }

        var peer = RunPeer(python, result.TransactionRows, Path.Combine(dir, "peer"), seed);
        if (peer is { } p)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"peer (numpy+pandas): {p.Rows:N0} transactions in {p.Seconds:F2} s = {p.Rows / p.Seconds:N0} rows/s; peak RSS {p.PeakMb:F0} MB"));
            Console.WriteLine(FormattableString.Invariant(
                $"ratio: patron is {rowsPerSecond / (p.Rows / p.Seconds):F1}x the peer's rows/s, with {peakMb / p.PeakMb:F2}x its peak memory"));
        }

        Cleanup(dir, args);
        return 0;
    }

    private static (double Seconds, long Rows, double PeakMb)? RunPeer(string python, long rows, string dir, ulong seed)
    {
        var script = FindPeerScript("generate_pandas.py");

        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(rows.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(dir);
        info.ArgumentList.Add(seed.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {python}.");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"peer failed (exit {process.ExitCode}): {error.Trim()}");
            return null;
        }

        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        return (root.GetProperty("seconds").GetDouble(), root.GetProperty("rows").GetInt64(), root.GetProperty("peak_rss_mb").GetDouble());
    }

    /// <summary>bench/peers/NAME in the first folder upwards from the binary (or the working folder) that has it.</summary>
    private static string FindPeerScript(string name)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "bench", "peers", name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"bench/peers/{name} not found above {AppContext.BaseDirectory}.");
    }

    private static void Cleanup(string dir, string[] args)
    {
        if (!args.Contains("--keep") && Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}
