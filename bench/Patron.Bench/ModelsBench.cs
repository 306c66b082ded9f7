using System.Diagnostics;
using System.Globalization;
using Patron.Pipeline;

namespace Patron.Bench;

/// <summary>
/// The models stage of <c>patron run</c> alone, on the warehouse of an earlier run (its gold already built): the
/// process's CPU seconds after every progress line (which task, which candidate, which step), the stage's wall and CPU
/// seconds and the peak working set. Writes metrics.json, models/, predictions and session predictions into
/// <c>--out</c>, so two builds' outputs can be compared file by file.
/// </summary>
/// <remarks>Usage: <c>models --db WAREHOUSE --out DIR [--tasks LIST] [--seed S] [--rounds N] [--max-train-rows N] [--cv]</c>. The warehouse is
/// opened read-only; use a copy of a shared one all the same when other runs may write to it. Measures in-process, so
/// run it with the collector's setting of <c>patron</c> (<c>DOTNET_GCConserveMemory=7</c>) for a comparable peak.</remarks>
internal static class ModelsBench
{
    public static int Run(string[] args)
    {
        var db = BenchArgs.Option(args, "--db", "");
        var output = BenchArgs.Option(args, "--out", "");
        if (db.Length == 0 || output.Length == 0 || !File.Exists(db))
        {
            Console.Error.WriteLine("usage: models --db WAREHOUSE --out DIR [--tasks LIST] [--seed S] [--rounds N] [--max-train-rows N] [--cv]");
            return 2;
        }

        var tasks = BenchArgs.Option(args, "--tasks", string.Join(',', PipelineOptions.AllTasks));
        var options = new PipelineOptions
        {
            Source = "generic",
            Input = db,
            OutputDirectory = output,
            Warehouse = db,
            Tasks = tasks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Seed = long.Parse(BenchArgs.Option(args, "--seed", "42"), CultureInfo.InvariantCulture),
            BoostingRounds = BenchArgs.IntOption(args, "--rounds", 200),
            MaxTrainingRows = BenchArgs.IntOption(args, "--max-train-rows", PipelineOptions.DefaultMaxTrainingRows),
            CrossValidateEvery = Array.IndexOf(args, "--cv") >= 0,
            Force = true,
        };

        var self = Process.GetCurrentProcess();
        var steps = new List<(string Step, double Cpu, double Wall)>();
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
                steps.Add((lastStep, cpu - lastCpu, wall - lastWall));
                Console.Error.WriteLine(FormattableString.Invariant($"{wall,8:F1} s  {cpu,8:F1} CPU s  {p.Stage}: {p.Message}"));
                (lastCpu, lastWall, lastStep) = (cpu, wall, p.Message);
            }
        });

        var startCpu = lastCpu;
        var startCounters = ProcStat.Read(Environment.ProcessId) ?? default;
        var summary = new PipelineRunner(options, progress).RunModelsOnly();
        var counters = (ProcStat.Read(Environment.ProcessId) ?? default) - startCounters;
        var totalCpu = Cpu(self) - startCpu;
        steps.Add((lastStep, Cpu(self) - lastCpu, clock.Elapsed.TotalSeconds - lastWall));
        self.Refresh();
        Console.WriteLine(FormattableString.Invariant(
            $"models stage: {clock.Elapsed.TotalSeconds:F1} s wall, {totalCpu:F1} s CPU ({counters.UserSeconds:F1} user + {counters.SystemSeconds:F1} system), {counters.MinorFaults:N0} minor page faults, peak working set {self.PeakWorkingSet64 / 1048576.0:F0} MB; {Environment.ProcessorCount} cores; load average {RunBench.LoadAverage()}"));

        // What the process still holds once the stage has ended (the drift and dashboard stages start from this).
        Console.WriteLine(FormattableString.Invariant(
            $"after the stage: resident {BenchArgs.ResidentMegabytes(Environment.ProcessId):F0} MB, managed heap {GC.GetTotalMemory(forceFullCollection: false) / 1048576.0:F0} MB"));
        Console.WriteLine("CPU s   wall s   the work after the progress line");
        foreach (var (step, cpu, wall) in steps)
        {
            Console.WriteLine(FormattableString.Invariant($"{cpu,7:F1} {wall,8:F1}   {step}"));
        }

        foreach (var task in summary.Tasks)
        {
            Console.WriteLine(FormattableString.Invariant($"{task.Task}: {task.Chosen} {task.PrimaryMetric} {task.Value:F4} (baseline {task.Baseline} {task.BaselineValue:F4})"));
        }

        return 0;
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
