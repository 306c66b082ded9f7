namespace Patron.Pipeline;

/// <summary>What a run did: cutoffs, stages, the chosen model of each task against its baseline, and where the run
/// folder is. The CLI prints it as the final table (or as JSON with <c>--json</c>).</summary>
public sealed record RunSummary
{
    public required string RunId { get; init; }

    public required string RunFolder { get; init; }

    public required DateOnly ScoringCutoff { get; init; }

    public required DateOnly TrainingCutoff { get; init; }

    public required int HorizonDays { get; init; }

    public required long CustomersScored { get; init; }

    /// <summary>Sessions of the out-of-time window scored by session_purchase (session_predictions.csv); 0 when it did not run.</summary>
    public long SessionsScored { get; init; }

    public required IReadOnlyList<StageRecord> Stages { get; init; }

    public required IReadOnlyList<TaskSummary> Tasks { get; init; }

    /// <summary>Tasks not run, with the reason.</summary>
    public required IReadOnlyDictionary<string, string> SkippedTasks { get; init; }

    /// <summary>Files written, by name.</summary>
    public required IReadOnlyDictionary<string, string> Outputs { get; init; }
}
