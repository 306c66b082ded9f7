using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Patron.Demo;
using Patron.DuckDb;
using Patron.Features.Sessions;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Bench;

/// <summary>
/// Session features (gold.session_features) for a generated shop with web sessions: Patron's SessionFeatureBuilder
/// against a pandas peer (bench/peers/sessions_pandas.py) computing the history features from the same silver rows,
/// exported as CSV. Prints wall and CPU time of both, the ratios, and whether the feature checksums agree.
/// </summary>
/// <remarks>Usage: <c>sessions [--customers N] [--dir DIR] [--cutoff yyyy-MM-dd] [--python PATH] [--skip-peer]</c>. DIR keeps
/// shop/ and shop.duckdb between runs; ingest and the CSV export are not part of the comparison.</remarks>
internal static class SessionsBench
{
    private static readonly string[] Checksums =
    [
        "prior_sessions", "prior_purchase_sessions", "prior_orders", "prior_spend", "prior_purchase_session_share", "prior_mean_duration_sec",
        "days_since_prior_session", "days_since_prior_order",
    ];

    public static int Run(string[] args)
    {
        var customers = BenchArgs.IntOption(args, "--customers", 50_000);
        var dir = BenchArgs.Option(args, "--dir", Path.Combine(Path.GetTempPath(), "patron-bench-sessions"));
        var cutoff = DateOnly.ParseExact(BenchArgs.Option(args, "--cutoff", "2026-07-01"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var python = BenchArgs.Option(args, "--python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        var shop = Path.Combine(dir, "shop");
        var warehouse = Path.Combine(dir, "shop.duckdb");
        var exported = Path.Combine(dir, "silver");
        if (!File.Exists(Path.Combine(shop, "sessions.csv")))
        {
            var generated = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = shop, Customers = customers, Clean = true });
            Console.WriteLine(FormattableString.Invariant($"generated {generated.SessionRows:N0} sessions and {generated.TransactionRows:N0} transactions in {generated.Elapsed.TotalSeconds:F1} s"));
        }

        if (!File.Exists(warehouse))
        {
            new Ingestor().Ingest(warehouse, new GenericSource(), shop);
            Directory.CreateDirectory(exported);
            using var connection = DuckDbConnection.Open(warehouse);
            Export(connection, cutoff, exported);
            Console.WriteLine($"ingested into {warehouse} and exported the silver rows the peer reads to {exported}");
        }

        var clock = Stopwatch.StartNew();
        using var me = Process.GetCurrentProcess();
        me.Refresh();
        var cpuStart = me.TotalProcessorTime;
        SessionBuildResult result;
        var patron = new Dictionary<string, double>(StringComparer.Ordinal);
        using (var connection = DuckDbConnection.Open(warehouse))
        {
            var step = "";
            var last = TimeSpan.Zero;
            var lastCpu = cpuStart;
            var steps = new StepTimer(next =>
            {
                me.Refresh();
                if (step.Length > 0)
                {
                    Console.WriteLine(FormattableString.Invariant($"  {step,-40} {(clock.Elapsed - last).TotalSeconds,7:F2} s wall {(me.TotalProcessorTime - lastCpu).TotalSeconds,7:F2} s CPU"));
                }

                step = next;
                last = clock.Elapsed;
                lastCpu = me.TotalProcessorTime;
            });
            result = SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = cutoff.ToDateTime(TimeOnly.MinValue) }, steps);
            steps.Report("done");
            clock.Stop();
            using var sums = connection.Query("SELECT " + string.Join(", ", Array.ConvertAll(Checksums, c => $"coalesce(sum({c}), 0)::DOUBLE AS {c}"))
                + $" FROM gold.{SessionFeatureBuilder.FeaturesTable} WHERE known_visitor = 1");
            foreach (var name in Checksums)
            {
                patron[name] = sums[name].GetDouble(0);
            }
        }

        me.Refresh();
        var cpu = (me.TotalProcessorTime - cpuStart).TotalSeconds;
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant(
            $"patron: {result.Sessions:N0} sessions ({result.KnownVisitors:N0} of known customers) × {SessionFeatureRegistry.Web.Count} features before {cutoff:yyyy-MM-dd} in {seconds:F2} s wall, {cpu:F2} s CPU; {Environment.ProcessorCount} cores"));
        if (args.Contains("--skip-peer"))
        {
            return 0;
        }

        var peer = RunPeer(python, exported);
        if (peer is null)
        {
            return 1;
        }

        var root = peer.RootElement;
        var peerSeconds = root.GetProperty("seconds").GetDouble();
        var peerLoad = root.GetProperty("load_seconds").GetDouble();
        var peerCpu = root.GetProperty("cpu_seconds").GetDouble();
        Console.WriteLine(FormattableString.Invariant(
            $"peer (pandas): {root.GetProperty("known").GetInt64():N0} sessions of known customers in {peerSeconds:F2} s wall (CSV reading {peerLoad:F2} s of it), {peerCpu:F2} s CPU; peak RSS {root.GetProperty("peak_rss_mb").GetDouble():F0} MB"));
        Console.WriteLine(FormattableString.Invariant(
            $"ratio: patron is {peerSeconds / seconds:F1}x faster in wall time ({(peerSeconds - peerLoad) / seconds:F1}x without pandas' CSV reading), {peerCpu / cpu:F1}x in CPU time"));
        var agree = true;
        foreach (var name in Checksums)
        {
            var theirs = root.GetProperty("checksums").GetProperty(name).GetDouble();
            var same = Math.Abs(theirs - patron[name]) <= 1e-9 * Math.Max(1, Math.Abs(theirs));
            agree &= same;
            Console.WriteLine(FormattableString.Invariant($"  {name,-30} patron {patron[name],22:R} pandas {theirs,22:R} {(same ? "same" : "DIFFERENT")}"));
        }

        Console.WriteLine(agree ? "checksums agree" : "checksums DIFFER");
        return agree ? 0 : 1;
    }

    /// <summary>The silver rows the features read, before the cutoff, as the peer's CSV input.</summary>
    private static void Export(DuckDbConnection connection, DateOnly cutoff, string folder)
    {
        var to = SqlScripts.Timestamp(cutoff.ToDateTime(TimeOnly.MinValue));
        connection.Execute($"COPY (SELECT session_id, customer_id, started_at, duration_sec, page_views, purchased FROM silver.sessions WHERE started_at < {to}) TO {SqlScripts.Literal(Path.Combine(folder, "sessions.csv"))} (HEADER);");
        connection.Execute($"COPY (SELECT order_id, customer_id, ordered_at, is_purchase FROM silver.orders WHERE customer_id IS NOT NULL AND ordered_at < {to}) TO {SqlScripts.Literal(Path.Combine(folder, "orders.csv"))} (HEADER);");
        connection.Execute($"COPY (SELECT l.order_id, l.line_amount, l.is_outlier FROM silver.order_lines l JOIN silver.orders o ON o.order_id = l.order_id WHERE o.ordered_at < {to}) TO {SqlScripts.Literal(Path.Combine(folder, "lines.csv"))} (HEADER);");
    }

    /// <summary>Reports on the calling thread, so step timings print in order.</summary>
    private sealed class StepTimer(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    private static JsonDocument? RunPeer(string python, string folder) => BenchArgs.RunPeer(python, "sessions_pandas.py", folder);
}
