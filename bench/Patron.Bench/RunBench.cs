using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Patron.Demo;

namespace Patron.Bench;

/// <summary>
/// <c>patron run</c> end to end on a generated shop of about N transactions (default 1M): wall time of every stage
/// (from run.json), and the CPU seconds and peak resident memory of the <c>patron</c> process while each stage ran
/// (sampled from /proc every 100 ms, attributed to the stage whose progress line came last), split into user and system
/// seconds beside the minor page faults (<see cref="ProcStat"/>). With <c>--steps</c> the CPU
/// seconds are also listed per progress line, which profiles a stage (which task, which candidate, which cutoff).
/// </summary>
/// <remarks>CPU time is what to compare on a shared machine: wall time there depends on the neighbours.
/// Usage: <c>run [--transactions N] [--seed S] [--dir DIR] [--shop DIR] [--patron PATH] [--tasks LIST] [--steps]
/// [--peer] [--peer-max-rss-gb G] [--python PATH] [--keep]</c>. The CLI is run as a child process so its memory is its own; <c>--patron</c>
/// defaults to the Release build of src/Patron.Cli. <c>--shop</c> runs on an existing generic shop instead of
/// generating one (it is only read). With <c>--peer</c> the peer pipeline (bench/peers/run_pandas_xgboost.py: pandas
/// and XGBoost doing the same job) runs next on the same shop, in a process of its own, and a table per stage sets
/// both sides' wall and CPU seconds and peak memory side by side, then both sides' out-of-time metrics per task; the
/// tasks then default to the four customer tasks and session_purchase, as the peer runs them. <c>--peer-max-rss-gb</c>
/// stops the peer once its resident size passes that many GB and says how far it got (a 10M-line shop needs more
/// memory than the peer's machine may have).</remarks>
internal static class RunBench
{
    public static int Run(string[] args)
    {
        var transactions = long.Parse(BenchArgs.Option(args, "--transactions", "1000000"), CultureInfo.InvariantCulture);
        var seed = ulong.Parse(BenchArgs.Option(args, "--seed", "42"), CultureInfo.InvariantCulture);
        var dir = BenchArgs.Option(args, "--dir", Path.Combine(Path.GetTempPath(), "patron-bench-run"));
        var withPeer = Array.IndexOf(args, "--peer") >= 0;
        var tasks = BenchArgs.Option(args, "--tasks", withPeer ? "churn,repeat,high_value,clv,session_purchase" : "churn,repeat,high_value,clv");
        var patron = BenchArgs.Option(args, "--patron", FindCli());
        var givenShop = BenchArgs.Option(args, "--shop", "");
        var shopDir = givenShop.Length > 0 ? givenShop : Path.Combine(dir, "shop");
        var runDir = Path.Combine(dir, "run");
        var peerDir = Path.Combine(dir, "peer");
        foreach (var old in new[] { runDir, peerDir })
        {
            if (Directory.Exists(old))
            {
                Directory.Delete(old, recursive: true);
            }
        }

        if (givenShop.Length == 0)
        {
            var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = shopDir, Transactions = transactions, Seed = seed });
            Console.WriteLine(FormattableString.Invariant($"shop: {shop.TransactionRows:N0} transactions, {shop.Customers:N0} customers, generated in {shop.Elapsed.TotalSeconds:F1} s"));
        }
        else
        {
            Console.WriteLine($"shop: {shopDir} (given)");
        }

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
        var counters = new Dictionary<string, ProcStat>(StringComparer.Ordinal);
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
        var last = default(ProcStat);
        while (!process.WaitForExit(100))
        {
            var rss = BenchArgs.ResidentMegabytes(process.Id);
            var stat = ProcStat.Read(process.Id) ?? last;
            var cpuNow = stat.CpuSeconds;
            var stage = Volatile.Read(ref current);
            var step = Volatile.Read(ref currentStep);
            peaks[stage] = Math.Max(peaks.GetValueOrDefault(stage), rss);
            overall = Math.Max(overall, rss);
            if (stat.MinorFaults > last.MinorFaults || cpuNow > lastCpu)
            {
                counters[stage] = counters.GetValueOrDefault(stage) + (stat - last);
                last = stat;
            }

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
        var patronWall = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"patron run exited with {process.ExitCode}");
            return process.ExitCode;
        }

        Console.WriteLine(FormattableString.Invariant(
            $"patron run: {patronWall:F1} s wall, {lastCpu:F1} s CPU in all (to the last sample: {last.UserSeconds:F1} user + {last.SystemSeconds:F1} system), {last.MinorFaults:N0} minor page faults, peak RSS {overall:F0} MB; {Environment.ProcessorCount} cores; load average {LoadAverage()}"));
        using var runJson = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(runDir, "run.json")));
        Console.WriteLine($"{"stage",-12} {"seconds",9} {"CPU s",9} {"user s",9} {"system s",9} {"minor faults",13} {"peak RSS MB",12}  detail");
        foreach (var stage in runJson.RootElement.GetProperty("stages").EnumerateArray())
        {
            var name = stage.GetProperty("name").GetString()!;
            var c = counters.GetValueOrDefault(name);
            Console.WriteLine(FormattableString.Invariant(
                $"{name,-12} {stage.GetProperty("seconds").GetDouble(),9:F1} {cpu.GetValueOrDefault(name),9:F1} {c.UserSeconds,9:F1} {c.SystemSeconds,9:F1} {c.MinorFaults,13:N0} {peaks.GetValueOrDefault(name),12:F0}  {stage.GetProperty("detail").GetString()}"));
        }

        // Before the first progress line: the runtime's start and the warehouse's opening.
        if (counters.TryGetValue("start", out var start0))
        {
            Console.WriteLine(FormattableString.Invariant(
                $"{"(start)",-12} {"",9} {start0.CpuSeconds,9:F1} {start0.UserSeconds,9:F1} {start0.SystemSeconds,9:F1} {start0.MinorFaults,13:N0} {peaks.GetValueOrDefault("start"),12:F0}"));
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
        if (withPeer)
        {
            var python = BenchArgs.Option(args, "--python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
            Console.WriteLine($"peer: {python} bench/peers/run_pandas_xgboost.py on the same shop (load average now {LoadAverage()})");
            var maxRss = BenchArgs.DoubleOption(args, "--peer-max-rss-gb", 0) * 1024;
            using var peer = BenchArgs.RunPeer(python, "run_pandas_xgboost.py", maxRss, shopDir, peerDir);
            if (peer is not null)
            {
                var patronSide = new Side(patronWall, lastCpu, overall, runJson.RootElement.GetProperty("stages").EnumerateArray()
                    .Select(s => new Stage(s.GetProperty("name").GetString()!, s.GetProperty("seconds").GetDouble(), cpu.GetValueOrDefault(s.GetProperty("name").GetString()!), peaks.GetValueOrDefault(s.GetProperty("name").GetString()!)))
                    .ToList());
                PeerTables.Print(patronSide, peer.RootElement, Path.Combine(runDir, "metrics.json"));
            }
        }

        if (Array.IndexOf(args, "--keep") < 0)
        {
            if (givenShop.Length > 0)
            {
                Directory.Delete(runDir, recursive: true);
                if (Directory.Exists(peerDir))
                {
                    Directory.Delete(peerDir, recursive: true);
                }
            }
            else
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        return 0;
    }

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
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
