using System.Diagnostics;
using System.Globalization;
using Patron.Features.Live;
using Patron.Warehouse;

namespace Patron.Bench;

/// <summary>
/// What one live update's feature read costs on a warehouse (docs/live.md): <see cref="LiveFeatures.Compute"/> for
/// single customers and for groups of them.
/// </summary>
/// <remarks>Usage: <c>live-probe --db FILE --ids FILE --cutoff yyyy-MM-dd [--samples 30] [--group 200]</c>.</remarks>
internal static class LiveProbeBench
{
    public static int Run(string[] args)
    {
        var db = BenchArgs.Option(args, "--db", "live.duckdb");
        var ids = File.ReadAllLines(BenchArgs.Option(args, "--ids", "ids.txt")).Where(l => l.Length > 0).ToArray();
        var cutoff = DateOnly.ParseExact(BenchArgs.Option(args, "--cutoff", "2026-10-01"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var samples = BenchArgs.IntOption(args, "--samples", 30);
        var group = BenchArgs.IntOption(args, "--group", 200);
        using var connection = WarehouseFile.Open(db);
        var offset = 0;
        Measure("as served", connection, ids, cutoff, samples, group, ref offset);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"working set at the end {Environment.WorkingSet / 1048576} MB"));
        return 0;
    }

    private static void Measure(string label, Patron.DuckDb.DuckDbConnection connection, string[] ids, DateOnly cutoff, int samples, int group, ref int offset)
    {
        var single = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var clock = Stopwatch.StartNew();
            LiveFeatures.Compute(connection, [ids[offset++ % ids.Length]], cutoff);
            single[i] = clock.Elapsed.TotalMilliseconds;
        }

        var groups = new double[Math.Max(3, samples / 10)];
        var steps = new Steps();
        for (var i = 0; i < groups.Length; i++)
        {
            var chunk = new string[group];
            for (var k = 0; k < group; k++)
            {
                chunk[k] = ids[offset++ % ids.Length];
            }

            var clock = Stopwatch.StartNew();
            steps.Report("start");
            LiveFeatures.Compute(connection, chunk, cutoff, steps);
            steps.Report("start");
            groups[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(single);
        Array.Sort(groups);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: one customer p50 {single[samples / 2]:0.0} ms, max {single[^1]:0.0} ms ({samples} samples); {group} customers p50 {groups[groups.Length / 2]:0.0} ms, max {groups[^1]:0.0} ms ({groups.Length} samples)"));
        Console.WriteLine("  mean per step of the groups (ms): " + string.Join(", ", steps.Totals.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value / groups.Length:0.0}"))));
    }

    /// <summary>Milliseconds spent under each step name <see cref="LiveFeatures.Compute"/> reports.</summary>
    private sealed class Steps : IProgress<string>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private string _current = "start";
        private double _since;

        public Dictionary<string, double> Totals { get; } = new(StringComparer.Ordinal);

        public void Report(string value)
        {
            var now = _clock.Elapsed.TotalMilliseconds;
            if (!string.Equals(_current, "start", StringComparison.Ordinal))
            {
                Totals[_current] = Totals.GetValueOrDefault(_current) + (now - _since);
            }

            _current = value;
            _since = now;
        }
    }
}
