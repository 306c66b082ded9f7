using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Patron.Demo;
using Patron.DuckDb;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Bench;

/// <summary>
/// Ingest + quality on a generated shop (default 10M transactions): the three CSV files into bronze, the resolution into
/// silver with every quality check, then the quality report. Each side runs in a process of its own so peak memory is
/// its own: Patron (this program re-run as <c>ingest-stage</c>) and the peer, a pandas program doing the same load with
/// explicit dtypes and the same checks (bench/peers/ingest_pandas.py).
/// </summary>
/// <remarks>Usage: <c>ingest [--transactions N | --customers N | --shop DIR] [--seed S] [--dir DIR] [--python PATH] [--skip-peer]</c>:
/// <c>--transactions</c> generates a shop of about N transactions without sessions, <c>--customers</c> a whole demo shop
/// of N customers with its sessions, <c>--shop</c> reads a shop already written.</remarks>
internal static class IngestBench
{
    public static int Run(string[] args)
    {
        var transactions = long.Parse(BenchArgs.Option(args, "--transactions", "10000000"), CultureInfo.InvariantCulture);
        var seed = ulong.Parse(BenchArgs.Option(args, "--seed", "42"), CultureInfo.InvariantCulture);
        var dir = BenchArgs.Option(args, "--dir", Path.Combine(Path.GetTempPath(), "patron-bench-ingest"));
        var python = BenchArgs.Option(args, "--python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        var customers = BenchArgs.Option(args, "--customers", "");
        var shop = BenchArgs.Option(args, "--shop", customers.Length > 0 ? Path.Combine(dir, $"shop-c{customers}-{seed}") : Path.Combine(dir, $"shop-{transactions}-{seed}"));
        if (!File.Exists(Path.Combine(shop, "transactions.csv")))
        {
            if (customers.Length > 0)
            {
                // A whole demo shop, web sessions included, as `patron demo generate --customers N --seed S` writes it.
                Console.WriteLine($"generating a shop of {customers} customers with sessions in {shop}");
                DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = shop, Customers = int.Parse(customers, CultureInfo.InvariantCulture), Seed = seed });
            }
            else
            {
                Console.WriteLine($"generating a shop of about {transactions:N0} transactions in {shop}");
                DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = shop, Transactions = transactions, Seed = seed, SessionsPerOrder = 0 });
            }
        }

        var rows = File.ReadLines(Path.Combine(shop, "transactions.csv")).LongCount() - 1;
        var bytes = new DirectoryInfo(shop).GetFiles("*.csv").Sum(f => f.Length);
        var sessions = Path.Combine(shop, "sessions.csv");
        var sessionRows = File.Exists(sessions) ? File.ReadLines(sessions).LongCount() - 1 : 0;
        Directory.CreateDirectory(dir);
        var warehouse = Path.Combine(dir, "bench.duckdb");
        WarehouseFile.Delete(warehouse);

        var patron = RunChild(BenchArgs.Self("ingest-stage", shop, warehouse));
        var ingest = patron.GetProperty("ingest_seconds").GetDouble();
        var quality = patron.GetProperty("quality_seconds").GetDouble();
        var peak = patron.GetProperty("peak_rss_mb").GetDouble();
        var cpu = patron.GetProperty("cpu_seconds").GetDouble();
        Console.WriteLine(FormattableString.Invariant(
            $"shop {shop}: {rows:N0} transaction rows, {sessionRows:N0} sessions, {bytes / 1e6:F0} MB of CSV; {Environment.ProcessorCount} cores"));
        Console.WriteLine(FormattableString.Invariant(
            $"patron: ingest (bronze + silver + checks) {ingest:F2} s = {rows / ingest:N0} rows/s, {cpu:F1} s CPU in all; quality report {quality:F2} s; peak RSS {peak:F0} MB; memory limit {WarehouseFile.MemoryLimit()}"));
        foreach (var step in patron.GetProperty("steps").EnumerateArray())
        {
            Console.WriteLine(FormattableString.Invariant($"  {step.GetProperty("cpu_seconds").GetDouble(),7:F2} s CPU  {step.GetProperty("wall_seconds").GetDouble(),7:F2} s wall  {step.GetProperty("step").GetString()}"));
        }

        if (args.Contains("--skip-peer"))
        {
            return 0;
        }

        var peer = RunChild(python, [BenchArgs.FindPeerScript("ingest_pandas.py"), shop]);
        var peerSeconds = peer.GetProperty("seconds").GetDouble();
        var peerPeak = peer.GetProperty("peak_rss_mb").GetDouble();
        var peerCpu = peer.TryGetProperty("cpu_seconds", out var c) ? c.GetDouble() : double.NaN;
        Console.WriteLine(FormattableString.Invariant(
            $"peer (pandas): load + same checks {peerSeconds:F2} s = {rows / peerSeconds:N0} rows/s, {peerCpu:F1} s CPU; peak RSS {peerPeak:F0} MB"));
        Console.WriteLine(FormattableString.Invariant(
            $"ratio: patron is {peerSeconds / (ingest + quality):F1}x faster than the peer in wall time, {peerCpu / cpu:F2}x in CPU time, with {peak / peerPeak:F2}x its peak memory"));
        return 0;
    }

    /// <summary>The measured side, in its own process: ingest into a fresh warehouse, then read the quality report.</summary>
    public static int Stage(string[] args)
    {
        var shop = args[0];
        var warehouse = args[1];
        var steps = new StepClock();
        var clock = Stopwatch.StartNew();
        var result = new Ingestor().Ingest(warehouse, new GenericSource(), shop, progress: steps);
        steps.Report("done");
        var ingest = clock.Elapsed.TotalSeconds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        clock.Restart();
        QualityReport report;
        using (var connection = DuckDbConnection.Open(warehouse))
        {
            report = QualityReporter.Read(connection);
        }

        var quality = clock.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["ingest_seconds"] = ingest,
            ["cpu_seconds"] = cpu,
            ["steps"] = steps.Steps,
            ["quality_seconds"] = quality,
            ["peak_rss_mb"] = BenchArgs.PeakRssMegabytes(),
            ["rows_loaded"] = result.RowsLoaded,
            ["findings"] = report.Findings.Count,
        }));
        return 0;
    }

    internal static JsonElement RunChild((string Program, string[] Arguments) command) => RunChild(command.Program, command.Arguments);

    internal static JsonElement RunChild(string program, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}.");
        }

        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    /// <summary>Hears the ingest's steps as they start and keeps the CPU and wall time each took, for the per-step breakdown.</summary>
    private sealed class StepClock : IProgress<string>
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private string? _step;
        private double _cpuAtStart;
        private double _wallAtStart;

        public List<Dictionary<string, object>> Steps { get; } = [];

        public void Report(string value)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var wall = _wall.Elapsed.TotalSeconds;
            if (_step is not null)
            {
                Steps.Add(new Dictionary<string, object> { ["step"] = _step, ["cpu_seconds"] = cpu - _cpuAtStart, ["wall_seconds"] = wall - _wallAtStart });
            }

            (_step, _cpuAtStart, _wallAtStart) = (value, cpu, wall);
        }
    }
}
