using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Patron.Demo;

namespace Patron.Bench;

/// <summary>
/// <c>patron run</c> end to end on a generated shop of about N transactions (default 1M): wall time of every stage
/// (from run.json) and the peak resident memory of the <c>patron</c> process while each stage ran (sampled from
/// /proc every 100 ms, attributed to the stage whose progress line came last).
/// </summary>
/// <remarks>Usage: <c>run [--transactions N] [--seed S] [--dir DIR] [--patron PATH] [--tasks LIST] [--keep]</c>. The
/// CLI is run as a child process so its memory is its own; <c>--patron</c> defaults to the Release build of
/// src/Patron.Cli. No peer: no single Python tool does the whole pipeline, and the stages' own benchmarks (ingest,
/// features, boosting, linear, lifetime) carry the peer comparisons.</remarks>
internal static class RunBench
{
    public static int Run(string[] args)
    {
        var transactions = long.Parse(BenchArgs.Option(args, "--transactions", "1000000"), CultureInfo.InvariantCulture);
        var seed = ulong.Parse(BenchArgs.Option(args, "--seed", "42"), CultureInfo.InvariantCulture);
        var dir = BenchArgs.Option(args, "--dir", Path.Combine(Path.GetTempPath(), "patron-bench-run"));
        var tasks = BenchArgs.Option(args, "--tasks", "churn,repeat,high_value,clv");
        var patron = BenchArgs.Option(args, "--patron", FindCli());
        var shopDir = Path.Combine(dir, "shop");
        var runDir = Path.Combine(dir, "run");
        if (Directory.Exists(runDir))
        {
            Directory.Delete(runDir, recursive: true);
        }

        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = shopDir, Transactions = transactions, Seed = seed });
        Console.WriteLine(FormattableString.Invariant($"shop: {shop.TransactionRows:N0} transactions, {shop.Customers:N0} customers, generated in {shop.Elapsed.TotalSeconds:F1} s"));

        var start = new ProcessStartInfo(patron)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "run", "--source", "generic", shopDir, "--out", runDir, "--tasks", tasks, "--seed", "42" })
        {
            start.ArgumentList.Add(a);
        }

        var peaks = new Dictionary<string, double>(StringComparer.Ordinal);
        var current = "start";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {patron}.");
        process.ErrorDataReceived += (_, e) =>
        {
            // Progress lines are "stage: message" on stderr when output is redirected.
            var colon = e.Data?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (colon > 0)
            {
                Volatile.Write(ref current, e.Data![..colon]);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var overall = 0.0;
        while (!process.WaitForExit(100))
        {
            var rss = RssMegabytes(process.Id);
            var stage = Volatile.Read(ref current);
            peaks[stage] = Math.Max(peaks.GetValueOrDefault(stage), rss);
            overall = Math.Max(overall, rss);
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"patron run exited with {process.ExitCode}");
            return process.ExitCode;
        }

        Console.WriteLine(FormattableString.Invariant($"patron run: {clock.Elapsed.TotalSeconds:F1} s wall in all, peak RSS {overall:F0} MB; {Environment.ProcessorCount} cores"));
        using var runJson = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runDir, "run.json")));
        Console.WriteLine($"{"stage",-12} {"seconds",9} {"peak RSS MB",12}  detail");
        foreach (var stage in runJson.RootElement.GetProperty("stages").EnumerateArray())
        {
            var name = stage.GetProperty("name").GetString()!;
            Console.WriteLine(FormattableString.Invariant(
                $"{name,-12} {stage.GetProperty("seconds").GetDouble(),9:F1} {peaks.GetValueOrDefault(name),12:F0}  {stage.GetProperty("detail").GetString()}"));
        }

        Console.WriteLine(FormattableString.Invariant($"customers scored: {runJson.RootElement.GetProperty("customers_scored").GetInt64():N0}"));
        if (Array.IndexOf(args, "--keep") < 0)
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    private static double RssMegabytes(int pid)
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

    private static string FindCli()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var candidate = Path.Combine(d.FullName, "src", "Patron.Cli", "bin", configuration, "net10.0", "patron");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return "patron";
    }
}
