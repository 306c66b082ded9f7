using System.Diagnostics;
using System.Globalization;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Events;

namespace Patron.Bench;

/// <summary>
/// What one live commit group costs on a warehouse (docs/live.md, "Cost and freshness"): groups of order events
/// written and appended as <c>patron serve --db</c> commits them (<see cref="EventBatchWriter"/> then
/// <see cref="Ingestor.Append"/>), with the wall and the process CPU milliseconds of each step the ingest reports.
/// </summary>
/// <remarks>Usage: <c>live-commit --db FILE --ids FILE --products FILE [--group 1000] [--groups 8] [--resend 0]</c>;
/// the first group warms up and is not counted. Writes into FILE: give it a copy. With <c>--resend N</c>, the last
/// N groups send an earlier group's orders again as the same files (recognised by their hashes: nothing is stored).</remarks>
internal static class LiveCommitBench
{
    public static int Run(string[] args)
    {
        var db = BenchArgs.Option(args, "--db", "live.duckdb");
        var ids = File.ReadAllLines(BenchArgs.Option(args, "--ids", "ids.txt")).Where(l => l.Length > 0).ToArray();
        var products = File.ReadAllLines(BenchArgs.Option(args, "--products", "products.txt")).Where(l => l.Length > 0).ToArray();
        var group = BenchArgs.IntOption(args, "--group", 1000);
        var groups = BenchArgs.IntOption(args, "--groups", 8);
        var resend = BenchArgs.IntOption(args, "--resend", 0);
        var spool = Path.Combine(Path.GetTempPath(), "patron-live-commit-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        using var connection = WarehouseFile.Open(db);
        var steps = new Steps();
        var at = DateTime.UtcNow.AddHours(-1);
        var stamp = Environment.TickCount64.ToString(CultureInfo.InvariantCulture);
        var batches = new List<EventBatch>();
        long offset = 0;
        double wall = 0, cpu = 0;
        for (var g = 0; g <= groups; g++)
        {
            var batch = new EventBatch();
            if (g > groups - resend && batches.Count > 1)
            {
                batch.Add(batches[1 + (g % (batches.Count - 1))]);
            }
            else
            {
                for (var k = 0; k < group; k++, offset++)
                {
                    var line = new OrderLineEvent(products[offset % products.Length], 1, 10.0, null);
                    batch.Orders.Add(new OrderEvent("commit-" + stamp + "-" + offset.ToString(CultureInfo.InvariantCulture), ids[offset % ids.Length], at, "card", [line]));
                }
            }

            batches.Add(batch);
            var folder = Path.Combine(spool, g.ToString("D6", CultureInfo.InvariantCulture));
            steps.Counting = g > 0;
            var clock = Stopwatch.StartNew();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            steps.Report("writing files");
            EventBatchWriter.Write(batch, folder, flush: false);
            var result = new Ingestor().Append(connection, new EventsSource(), folder, progress: steps);
            steps.Report("findings");
            _ = result.NothingNew ? [] : IngestFindings.Read(connection, result, folder);
            steps.Report("end");
            if (g > 0)
            {
                wall += clock.Elapsed.TotalMilliseconds;
                cpu += (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            }

            Directory.Delete(folder, recursive: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"group {g}: {batch.Orders.Count} orders, {(result.NothingNew ? "already received" : result.Appended ? "appended" : "resolved in full")}, {clock.Elapsed.TotalMilliseconds:0} ms, rows loaded {result.RowsLoaded}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{groups} groups of {group}: wall {wall / groups:0.0} ms, process CPU {cpu / groups:0.0} ms a group ({cpu / groups / group:0.000} ms an event)"));
        Console.WriteLine("  mean per step (wall ms / CPU ms): " + string.Join(", ", steps.Wall.Select(t =>
            string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value / groups:0.0}/{steps.Cpu[t.Key] / groups:0.0}"))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"working set at the end {Environment.WorkingSet / 1048576} MB"));
        return 0;
    }

    /// <summary>Wall and process CPU milliseconds under each step name the ingest reports (up to a colon or parenthesis).</summary>
    private sealed class Steps : IProgress<string>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private string _current = "start";
        private double _since;
        private TimeSpan _cpuSince;

        public bool Counting { get; set; }

        public Dictionary<string, double> Wall { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, double> Cpu { get; } = new(StringComparer.Ordinal);

        public void Report(string value)
        {
            var now = _clock.Elapsed.TotalMilliseconds;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            if (Counting && !string.Equals(_current, "end", StringComparison.Ordinal))
            {
                Wall[_current] = Wall.GetValueOrDefault(_current) + (now - _since);
                Cpu[_current] = Cpu.GetValueOrDefault(_current) + (cpu - _cpuSince).TotalMilliseconds;
            }

            var end = value.AsSpan().IndexOfAny(':', '(');
            _current = (end < 0 ? value : value[..end]).Trim();
            _since = now;
            _cpuSince = cpu;
        }
    }
}
