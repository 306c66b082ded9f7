namespace Patron.Pipeline;

/// <summary>One task's result in the final table: the chosen model against the marketer's baseline, out of time.</summary>
/// <param name="Task">Task name.</param>
/// <param name="Chosen">Chosen candidate.</param>
/// <param name="PrimaryMetric">Metric key that chose it.</param>
/// <param name="Value">Chosen candidate's out-of-time value of the primary metric.</param>
/// <param name="Baseline">Baseline candidate.</param>
/// <param name="BaselineValue">Baseline's out-of-time value of the primary metric.</param>
/// <param name="SecondaryMetric">The second metric named for the task.</param>
/// <param name="SecondaryValue">Chosen candidate's out-of-time value of it.</param>
public sealed record TaskSummary(string Task, string Chosen, string PrimaryMetric, double? Value, string Baseline, double? BaselineValue, string SecondaryMetric, double? SecondaryValue)
{
    /// <summary>When no model beat the baseline out of time, why the baseline is what the run uses
    /// ("baseline kept: ..."); null when a model was chosen.</summary>
    public string? BaselineKept { get; init; }
}
