using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Patron.Demo;

namespace Patron.Bench;

/// <summary>
/// <c>patron run</c> end to end on a generated shop of about N transactions (default 1M): wall time of every stage
/// (from run.json), and the CPU seconds and peak resident memory of the <c>patron</c> process while each stage ran
/// (sampled from /proc every 100 ms, attributed to the stage whose progress line came last). With <c>--steps</c> the CPU
/// seconds are also listed per progress line, which profiles a stage (which task, which candidate, which cutoff).
/// </summary>
/// <remarks>CPU time is what to compare on a shared machine: wall time there depends on the neighbours.
/// Usage: <c>run [--transactions N] [--seed S] [--dir DIR] [--patron PATH] [--tasks LIST] [--steps] [--keep]</c>. The
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
        var cpu = new Dictionary<string, double>(StringComparer.Ordinal);
        var steps = new List<string>();
        var stepCpu = new Dictionary<string, double>(StringComparer.Ordinal);
        var current = "start";
        var currentStep = "start";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {patron}.");
        process.ErrorDataReceived += (_, e) =>
        {
            // Progress lines are "stage: message" on stderr when output is redirected.
            var colon = e.Data?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (colon > 0)
            {
                Volatile.Write(ref current, e.Data![..colon]);
                Volatile.Write(ref currentStep, e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var overall = 0.0;
        var lastCpu = 0.0;
        while (!process.WaitForExit(100))
        {
            var rss = RssMegabytes(process.Id);
            var cpuNow = CpuSeconds(process.Id);
            var stage = Volatile.Read(ref current);
            var step = Volatile.Read(ref currentStep);
            peaks[stage] = Math.Max(peaks.GetValueOrDefault(stage), rss);
            overall = Math.Max(overall, rss);
            if (cpuNow > lastCpu)
            {
                cpu[stage] = cpu.GetValueOrDefault(stage) + (cpuNow - lastCpu);
                if (!stepCpu.ContainsKey(step))
                {
                    steps.Add(step);
                }

                stepCpu[step] = stepCpu.GetValueOrDefault(step) + (cpuNow - lastCpu);
                lastCpu = cpuNow;
            }
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"patron run exited with {process.ExitCode}");
            return process.ExitCode;
        }

        Console.WriteLine(FormattableString.Invariant($"patron run: {clock.Elapsed.TotalSeconds:F1} s wall, {lastCpu:F1} s CPU in all (to the last sample), peak RSS {overall:F0} MB; {Environment.ProcessorCount} cores"));
        using var runJson = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runDir, "run.json")));
        Console.WriteLine($"{"stage",-12} {"seconds",9} {"CPU s",9} {"peak RSS MB",12}  detail");
        foreach (var stage in runJson.RootElement.GetProperty("stages").EnumerateArray())
        {
            var name = stage.GetProperty("name").GetString()!;
            Console.WriteLine(FormattableString.Invariant(
                $"{name,-12} {stage.GetProperty("seconds").GetDouble(),9:F1} {cpu.GetValueOrDefault(name),9:F1} {peaks.GetValueOrDefault(name),12:F0}  {stage.GetProperty("detail").GetString()}"));
        }

        if (Array.IndexOf(args, "--steps") >= 0)
        {
            Console.WriteLine("CPU seconds per progress line (the work that followed it):");
            foreach (var step in steps)
            {
                Console.WriteLine(FormattableString.Invariant($"{stepCpu[step],9:F1}  {step}"));
            }
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

    /// <summary>User plus system CPU seconds of a process so far (fields 14 and 15 of /proc/PID/stat, in clock ticks
    /// of 1/100 s, the Linux USER_HZ), or 0 when it has ended.</summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
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
