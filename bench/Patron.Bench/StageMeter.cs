using System.Diagnostics;
using Patron.Pipeline;

namespace Patron.Bench;

/// <summary>
/// Measures one stage run in-process: the process's CPU seconds, wall seconds and highest resident size (VmRSS sampled
/// every 100 ms) during the work after every progress line, printed as the lines come, then the stage's totals and a
/// table of the steps (<see cref="Report"/>).
/// </summary>
internal sealed class StageMeter : IDisposable
{
    private readonly Process _self = Process.GetCurrentProcess();
    private readonly List<(string Step, double Cpu, double Wall, double PeakMb)> _steps = [];
    private readonly object _gate = new();
    private readonly CancellationTokenSource _sampling = new();
    private readonly Task _sampler;
    private readonly Stopwatch _clock;
    private readonly double _startCpu;
    private double _stepPeak;
    private double _lastCpu;
    private double _lastWall;
    private string _lastStep = "start";
    private double _totalCpu = double.NaN;
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
        _startCpu = Cpu();
        _lastCpu = _startCpu;
        Progress = new SyncProgress(Step);
    }

    /// <summary>The progress to hand the stage: each line closes the step before it.</summary>
    public IProgress<PipelineProgress> Progress { get; }

    /// <summary>Ends the measurement (the last step runs to here).</summary>
    public void Stop()
    {
        _totalCpu = Cpu() - _startCpu;
        _totalWall = _clock.Elapsed.TotalSeconds;
        _sampling.Cancel();
        _sampler.Wait();
        lock (_gate)
        {
            _steps.Add((_lastStep, Cpu() - _lastCpu, _totalWall - _lastWall, _stepPeak));
        }
    }

    /// <summary>Prints the stage's wall, CPU and peak working set, then CPU, wall and peak resident size per step.</summary>
    public void Report(string stage)
    {
        _self.Refresh();
        Console.WriteLine(FormattableString.Invariant(
            $"{stage}: {_totalWall:F1} s wall, {_totalCpu:F1} s CPU, peak working set {_self.PeakWorkingSet64 / 1048576.0:F0} MB; {Environment.ProcessorCount} cores; load average {RunBench.LoadAverage()}"));
        Console.WriteLine("CPU s   wall s  peak MB   the work after the progress line");
        foreach (var (step, cpu, wall, mb) in _steps)
        {
            Console.WriteLine(FormattableString.Invariant($"{cpu,7:F1} {wall,8:F1} {mb,8:F0}   {step}"));
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
            var cpu = Cpu();
            var wall = _clock.Elapsed.TotalSeconds;
            var rss = BenchArgs.ResidentMegabytes(Environment.ProcessId);
            _stepPeak = Math.Max(_stepPeak, rss);
            _steps.Add((_lastStep, cpu - _lastCpu, wall - _lastWall, _stepPeak));
            Console.Error.WriteLine(FormattableString.Invariant($"{wall,8:F1} s  {cpu - _startCpu,8:F1} CPU s  {rss,6:F0} MB  {p.Stage}: {p.Message}"));
            (_lastCpu, _lastWall, _lastStep, _stepPeak) = (cpu, wall, p.Message, rss);
        }
    }

    private double Cpu()
    {
        _self.Refresh();
        return _self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and lose the order).</summary>
    private sealed class SyncProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}
