using System.Diagnostics;
using System.Globalization;
using Patron.Pipeline.Stages;

namespace Patron.Pipeline;

/// <summary>The whole <c>patron run</c>: ingest → quality → features → cross-sell → models (train, evaluate, choose, refit, score)
/// → KPIs → the dashboard's tables → runs store → report, each stage timed, reported and skipped when its inputs did not change.</summary>
/// <remarks>One run at a time per run folder. Time comes from the injected <see cref="TimeProvider"/>.</remarks>
public sealed partial class PipelineRunner
{
    private readonly PipelineOptions _options;
    private readonly IProgress<PipelineProgress>? _progress;
    private readonly TimeProvider _time;
    private readonly List<StageRecord> _stages = [];
    private readonly StageCache _cache;
    private readonly string _folder;

    public PipelineRunner(PipelineOptions options, IProgress<PipelineProgress>? progress = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _progress = progress;
        _time = time ?? TimeProvider.System;
        _folder = Path.GetFullPath(options.OutputDirectory);
        Directory.CreateDirectory(_folder);
        _cache = new StageCache(_folder, options.Force);
    }

    /// <summary>Runs every stage and returns the summary; throws (after writing run.json) when a stage fails.</summary>
    public RunSummary Run()
    {
        var started = _time.GetUtcNow();
        var state = new RunState();
        try
        {
            Ingest(state);
            Quality(state);
            Features(state);
            CrossSellStage(state);
            Models(state);
            DriftCheck(state);
            Kpis(state);
            DashboardTables(state);
            Record(state, started);

            // The report reads run.json, so it must exist (with every stage so far) before the report renders.
            WriteRunJson(state, started);
            Report(state);
        }
        catch (PipelineStageException)
        {
            WriteRunJson(state, started);
            ReportAfterFailure();
            throw;
        }
        finally
        {
            WriteRunJson(state, started);
        }

        return Summary(state);
    }

    /// <summary>After a failed stage, a report of what the earlier stages left (run.json lists the failed stage),
    /// unless the report itself failed; its own failure must not hide the stage's.</summary>
    private void ReportAfterFailure()
    {
        if (_stages.Count == 0 || _stages[^1].Name == "report")
        {
            return;
        }

        try
        {
            Pipeline.Report.ReportWriter.Write(_folder);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or System.Text.Json.JsonException)
        {
            _progress?.Report(new PipelineProgress("report", "could not render the report of the stages before the failure: " + e.Message));
        }
    }

    /// <summary>Runs <paramref name="body"/> as a stage unless <paramref name="fresh"/>; records time and status.</summary>
    private void Stage(string name, string key, bool fresh, Func<IProgress<string>, string> body, string skippedDetail = "")
    {
        var progress = new StageProgress(_progress, name);
        if (fresh)
        {
            progress.Report("unchanged since the last run: skipped");
            _stages.Add(new StageRecord(name, 0, StageRecord.Skipped, skippedDetail));
            return;
        }

        var clock = Stopwatch.StartNew();
        progress.Report("started");
        try
        {
            var detail = body(progress);
            _stages.Add(new StageRecord(name, Math.Round(clock.Elapsed.TotalSeconds, 3), StageRecord.Done, detail));
            if (key.Length > 0)
            {
                _cache.Remember(name, key);
            }

            ReleaseMemory(progress);
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"done in {clock.Elapsed.TotalSeconds:0.0} s: {detail}"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _cache.Forget(name);
            _stages.Add(new StageRecord(name, Math.Round(clock.Elapsed.TotalSeconds, 3), StageRecord.Failed, e.Message));
            throw new PipelineStageException(name, _folder, e);
        }
    }

    /// <summary>Returns the stage's dead managed memory to the system before the next stage starts, so the next stage's
    /// DuckDB buffer pool does not sit on top of it (<see cref="StageMemory"/>).</summary>
    private static void ReleaseMemory(IProgress<string> progress)
    {
        var (before, after) = StageMemory.Release();
        if (after < before)
        {
            progress.Report(string.Create(CultureInfo.InvariantCulture, $"managed memory committed {before >> 20} MB -> {after >> 20} MB"));
        }
    }

    private string OutputPath(params string[] parts) => Path.Combine([_folder, .. parts]);
}
