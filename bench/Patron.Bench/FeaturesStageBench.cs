using System.Diagnostics;
using Patron.Pipeline;
using Patron.Warehouse;

namespace Patron.Bench;

/// <summary>
/// The features stage of <c>patron run</c> alone, on the warehouse of an earlier run (silver already ingested): the
/// process's CPU seconds and working set after every progress line (which cutoff, which step), the stage's wall and CPU
/// seconds and the peak working set. Rewrites the warehouse's gold and writes features.parquet into <c>--out</c>, so two
/// builds' gold can be compared table by table (<c>--checksum</c> prints each gold table's rows and hash sum).
/// </summary>
/// <remarks>Usage: <c>features-stage --db WAREHOUSE --out DIR [--tasks LIST] [--checksum | --checksum-only]</c>
/// (<c>--checksum-only</c> prints the checksums of the warehouse as it is, read-only, and runs nothing). The warehouse is written: use a copy
/// of a shared one. Measures in-process, so run it with the collector's setting of <c>patron</c>
/// (<c>DOTNET_GCConserveMemory=7</c>) for a comparable peak.</remarks>
internal static class FeaturesStageBench
{
    public static int Run(string[] args)
    {
        var db = BenchArgs.Option(args, "--db", "");
        var output = BenchArgs.Option(args, "--out", "");
        if (db.Length == 0 || output.Length == 0 || !File.Exists(db))
        {
            Console.Error.WriteLine("usage: features-stage --db WAREHOUSE --out DIR [--tasks LIST] [--checksum | --checksum-only]");
            return 2;
        }

        if (Array.IndexOf(args, "--checksum-only") >= 0)
        {
            // The checksums of a warehouse as it is (opened read-only, nothing run): the reference for a later run's.
            PrintChecksums(db);
            return 0;
        }

        var tasks = BenchArgs.Option(args, "--tasks", string.Join(',', PipelineOptions.AllTasks));
        var options = new PipelineOptions
        {
            Source = "generic",
            Input = db,
            OutputDirectory = output,
            Warehouse = db,
            Tasks = tasks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Force = true,
        };

        using var self = Process.GetCurrentProcess();
        var steps = new List<(string Step, double Cpu, double Wall, double WorkingSetMb)>();
        var clock = Stopwatch.StartNew();
        var lastCpu = Cpu(self);
        var lastWall = 0.0;
        var lastStep = "start";
        var gate = new object();
        var progress = new SyncProgress(p =>
        {
            lock (gate)
            {
                var cpu = Cpu(self);
                var wall = clock.Elapsed.TotalSeconds;
                var workingSet = self.WorkingSet64 / 1048576.0;
                steps.Add((lastStep, cpu - lastCpu, wall - lastWall, workingSet));
                Console.Error.WriteLine(FormattableString.Invariant($"{wall,8:F1} s  {cpu,8:F1} CPU s  {workingSet,6:F0} MB  {p.Stage}: {p.Message}"));
                (lastCpu, lastWall, lastStep) = (cpu, wall, p.Message);
            }
        });

        var startCpu = lastCpu;
        var startCounters = ProcStat.Read(Environment.ProcessId) ?? default;
        new PipelineRunner(options, progress).RunFeaturesOnly();
        var counters = (ProcStat.Read(Environment.ProcessId) ?? default) - startCounters;
        var totalCpu = Cpu(self) - startCpu;
        steps.Add((lastStep, Cpu(self) - lastCpu, clock.Elapsed.TotalSeconds - lastWall, self.WorkingSet64 / 1048576.0));
        self.Refresh();
        Console.WriteLine(FormattableString.Invariant(
            $"features stage: {clock.Elapsed.TotalSeconds:F1} s wall, {totalCpu:F1} s CPU ({counters.UserSeconds:F1} user + {counters.SystemSeconds:F1} system), {counters.MinorFaults:N0} minor page faults, peak working set {self.PeakWorkingSet64 / 1048576.0:F0} MB; {Environment.ProcessorCount} cores; load average {RunBench.LoadAverage()}"));
        Console.WriteLine("CPU s   wall s  MB at end   the work after the progress line");
        foreach (var (step, cpu, wall, mb) in steps)
        {
            Console.WriteLine(FormattableString.Invariant($"{cpu,7:F1} {wall,8:F1} {mb,8:F0}   {step}"));
        }

        if (Array.IndexOf(args, "--checksum") >= 0)
        {
            PrintChecksums(db);
        }

        return 0;
    }

    /// <summary>Rows and an order-independent sum of row hashes of every gold table: equal sums before and after a
    /// change mean the same rows, value for value (doubles hash by their bits).</summary>
    private static void PrintChecksums(string db)
    {
        using var connection = WarehouseFile.Open(db, readOnly: true);
        var tables = connection.Query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold' ORDER BY table_name")["table_name"];
        for (var i = 0; i < tables.Length; i++)
        {
            var name = tables.GetString(i);
            var sums = connection.Query($"SELECT count(*) AS n, coalesce(sum(hash(t)::HUGEINT), 0)::VARCHAR AS h FROM gold.\"{name}\" t");
            Console.WriteLine(FormattableString.Invariant($"checksum gold.{name}: {sums["n"].GetInt64(0)} rows, {sums["h"].GetString(0)}"));
        }
    }

    private static double Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and lose the order).</summary>
    private sealed class SyncProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}
