using System.Diagnostics;
using Patron.Pipeline;

namespace Patron.Bench;

/// <summary>
/// Measures one stage run in-process: the process's CPU seconds (user and system apart), minor page faults, wall seconds
/// and highest resident size (VmRSS sampled every 100 ms) during the work after every progress line, printed as the lines
/// come, then the stage's totals and a table of the steps (<see cref="Report"/>).
/// </summary>
internal sealed class StageMeter : IDisposable
{
    private readonly Process _self = Process.GetCurrentProcess();
    private readonly List<(string Step, ProcStat Counters, double Wall, double PeakMb)> _steps = [];
    private readonly object _gate = new();
    private readonly CancellationTokenSource _sampling = new();
    private readonly Task _sampler;
    private readonly Stopwatch _clock;
    private readonly ProcStat _start;
    private double _stepPeak;
    private ProcStat _last;
    private double _lastWall;
    private string _lastStep = "start";
    private ProcStat _total;
    private double _totalWall = double.NaN;

    public StageMeter()
    {
        _sampler = Task.Run(async () =>
        {
            while (!_sampling.IsCancellationRequested)
            {
                var rss = BenchArgs.ResidentMegabytes(Environment.ProcessId);
                lock (_gate)
                {
                    _stepPeak = Math.Max(_stepPeak, rss);
                }

                try
                {
                    await Task.Delay(100, _sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
        _clock = Stopwatch.StartNew();
        _start = Counters();
        _last = _start;
        Progress = new SyncProgress(Step);
    }

    /// <summary>The progress to hand the stage: each line closes the step before it.</summary>
    public IProgress<PipelineProgress> Progress { get; }

    /// <summary>Ends the measurement (the last step runs to here).</summary>
    public void Stop()
    {
        var now = Counters();
        _total = now - _start;
        _totalWall = _clock.Elapsed.TotalSeconds;
        _sampling.Cancel();
        _sampler.Wait();
        lock (_gate)
        {
            _steps.Add((_lastStep, now - _last, _totalWall - _lastWall, _stepPeak));
        }
    }

    /// <summary>Prints the stage's wall, CPU (user and system), minor faults and peak working set, then the same per step.</summary>
    public void Report(string stage)
    {
        _self.Refresh();
        Console.WriteLine(FormattableString.Invariant(
            $"{stage}: {_totalWall:F1} s wall, {_total.CpuSeconds:F1} s CPU ({_total.UserSeconds:F1} user + {_total.SystemSeconds:F1} system), {_total.MinorFaults:N0} minor page faults, peak working set {_self.PeakWorkingSet64 / 1048576.0:F0} MB; {Environment.ProcessorCount} cores; load average {RunBench.LoadAverage()}"));
        Console.WriteLine("CPU s  system s   wall s  peak MB  minor faults   the work after the progress line");
        foreach (var (step, counters, wall, mb) in _steps)
        {
            Console.WriteLine(FormattableString.Invariant($"{counters.CpuSeconds,7:F1} {counters.SystemSeconds,8:F1} {wall,8:F1} {mb,8:F0} {counters.MinorFaults,13:N0}   {step}"));
        }
    }

    public void Dispose()
    {
        _sampling.Dispose();
        _self.Dispose();
    }

    private void Step(PipelineProgress p)
    {
        lock (_gate)
        {
            var now = Counters();
            var wall = _clock.Elapsed.TotalSeconds;
            var rss = BenchArgs.ResidentMegabytes(Environment.ProcessId);
            _stepPeak = Math.Max(_stepPeak, rss);
            _steps.Add((_lastStep, now - _last, wall - _lastWall, _stepPeak));
            Console.Error.WriteLine(FormattableString.Invariant($"{wall,8:F1} s  {(now - _start).CpuSeconds,8:F1} CPU s  {rss,6:F0} MB  {p.Stage}: {p.Message}"));
            (_last, _lastWall, _lastStep, _stepPeak) = (now, wall, p.Message, rss);
        }
    }

    private static ProcStat Counters() => ProcStat.Read(Environment.ProcessId) ?? default;

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and lose the order).</summary>
    private sealed class SyncProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}
