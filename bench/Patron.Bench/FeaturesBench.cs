using System.Diagnostics;
using System.Globalization;
using Patron.Demo;
using Patron.Features.Build;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Bench;

/// <summary>
/// Customer features at one cutoff for a generated shop (default 10M transactions): Patron builds them from the ingested
/// warehouse; the peer (bench/peers/features_pandas.py, vectorised pandas) builds the same features and labels from the
/// same CSV files. Prints wall time and peak memory of both and the ratios. Ingest is timed apart (it is the warehouse's
/// cost, paid once for every cutoff).
/// </summary>
/// <remarks>Usage: <c>features [--transactions N] [--dir DIR] [--cutoff yyyy-MM-dd] [--horizon DAYS] [--memory-limit 1.5GB]
/// [--threads N] [--partitions N] [--kpis] [--python PATH] [--skip-peer]</c>. DIR keeps shop/ and shop.duckdb between runs.
/// <c>--kpis</c> also builds the gold.kpi_* tables, which the pandas peer does not compute (use it with
/// <c>--skip-peer</c>); <c>--partitions</c> forces the number of customer partitions the KPIs are gathered in (else one
/// per 2M orders).</remarks>
internal static class FeaturesBench
{
    public static int Run(string[] args)
    {
        var transactions = long.Parse(BenchArgs.Option(args, "--transactions", "10000000"), CultureInfo.InvariantCulture);
        var dir = BenchArgs.Option(args, "--dir", Path.Combine(Path.GetTempPath(), "patron-bench-features"));
        var cutoff = DateOnly.ParseExact(BenchArgs.Option(args, "--cutoff", "2026-07-01"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var horizon = int.Parse(BenchArgs.Option(args, "--horizon", "90"), CultureInfo.InvariantCulture);
        var memoryLimit = BenchArgs.Option(args, "--memory-limit", "1536MB");
        var threads = BenchArgs.Option(args, "--threads", "");
        var partitions = BenchArgs.IntOption(args, "--partitions", 0);
        var kpis = args.Contains("--kpis");
        var python = BenchArgs.Option(args, "--python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        var shop = Path.Combine(dir, "shop");
        var warehouse = Path.Combine(dir, "shop.duckdb");
        if (!File.Exists(Path.Combine(shop, "transactions.csv")))
        {
            var generated = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = shop, Transactions = transactions, SessionsPerOrder = 0 });
            Console.WriteLine(FormattableString.Invariant($"generated {generated.TransactionRows:N0} transactions in {generated.Elapsed.TotalSeconds:F1} s"));
        }

        if (!File.Exists(warehouse))
        {
            var ingestClock = Stopwatch.StartNew();
            new Ingestor().Ingest(warehouse, new GenericSource(), shop);
            Console.WriteLine(FormattableString.Invariant($"ingested into {warehouse} in {ingestClock.Elapsed.TotalSeconds:F1} s (not part of the comparison; rerun to measure features alone)"));
            return 0;
        }

        var clock = Stopwatch.StartNew();
        FeatureBuildResult result;
        // Opened as the CLI opens it (the warehouse's settings), under the benchmark's memory limit.
        using (var connection = WarehouseFile.Open(warehouse, memoryLimit: memoryLimit))
        {
            if (threads.Length > 0)
            {
                connection.Execute($"SET threads = {int.Parse(threads, CultureInfo.InvariantCulture)};");
            }

            var last = TimeSpan.Zero;
            var lastCpu = TimeSpan.Zero;
            var step = "start";
            using var me = Process.GetCurrentProcess();
            var progress = new StepTimer((next) =>
            {
                var now = clock.Elapsed;
                me.Refresh();
                var cpuNow = me.TotalProcessorTime;
                if (step != "start")
                {
                    Console.WriteLine(FormattableString.Invariant($"  {step,-36} {(now - last).TotalSeconds,7:F2} s wall {(cpuNow - lastCpu).TotalSeconds,7:F2} s CPU"));
                }

                step = next;
                last = now;
                lastCpu = cpuNow;
            });
            var options = new FeatureBuildOptions { Cutoff = cutoff, HorizonDays = horizon, Kpis = kpis, Partitions = partitions > 0 ? partitions : null };
            result = FeatureBuilder.Build(connection, options, progress);
            progress.Report("done");
        }

        var seconds = clock.Elapsed.TotalSeconds;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var peakMb = self.PeakWorkingSet64 / (1024.0 * 1024.0);
        var cpu = self.TotalProcessorTime.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant(
            $"patron: {result.Customers:N0} customers × {result.Features} features + labels + cross-category{(kpis ? " + KPIs" : "")} at {cutoff:yyyy-MM-dd}{(kpis ? $" (KPIs in {result.Partitions} partition(s))" : "")}, {seconds:F1} s wall, {cpu:F1} s CPU; peak working set {peakMb:F0} MB (DuckDB memory limit {memoryLimit}); {Environment.ProcessorCount} cores"));
        if (args.Contains("--skip-peer"))
        {
            return 0;
        }

        var peer = RunPeer(python, shop, cutoff, horizon);
        if (peer is { } p)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"peer (pandas): {p.Customers:N0} customers × {p.Features} features + labels in {p.Seconds:F1} s wall (CSV reading {p.LoadSeconds:F1} s of it), {p.CpuSeconds:F1} s CPU; peak RSS {p.PeakMb:F0} MB"));
            Console.WriteLine(FormattableString.Invariant(
                $"ratio: patron is {p.Seconds / seconds:F1}x faster than pandas in wall time ({(p.Seconds - p.LoadSeconds) / seconds:F1}x without pandas' CSV reading), {p.CpuSeconds / cpu:F1}x in CPU time, with {peakMb / p.PeakMb:F2}x its peak memory"));
        }

        return 0;
    }

    private static (double Seconds, double LoadSeconds, double CpuSeconds, long Customers, int Features, double PeakMb)? RunPeer(string python, string shop, DateOnly cutoff, int horizon)
    {
        using var json = BenchArgs.RunPeer(python, "features_pandas.py", shop, cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            horizon.ToString(CultureInfo.InvariantCulture));
        if (json is null)
        {
            return null;
        }

        var root = json.RootElement;
        return (root.GetProperty("seconds").GetDouble(), root.GetProperty("load_seconds").GetDouble(), root.GetProperty("cpu_seconds").GetDouble(), root.GetProperty("customers").GetInt64(),
            root.GetProperty("features").GetInt32(), root.GetProperty("peak_rss_mb").GetDouble());
    }

    /// <summary>Reports on the calling thread, so step timings print in order.</summary>
    private sealed class StepTimer(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
