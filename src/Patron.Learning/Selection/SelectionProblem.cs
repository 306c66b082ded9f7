namespace Patron.Learning.Selection;

/// <summary>What a selection judges: the task, the metric that chooses, the labels of each step and the matrices of
/// each view.</summary>
/// <remarks>With <see cref="OutOfTimeTestLabels"/> the choice is made out of time; without, by the cross-validation
/// mean. Labels are shared by every view; a view's matrices have one row per label of their step.</remarks>
public sealed record SelectionProblem
{
    /// <summary>Name prefixed to progress lines (a task name), or empty.</summary>
    public string Name { get; init; } = "";

    public required TaskKind Kind { get; init; }

    /// <summary>The metric key that chooses (<see cref="Evaluation.MetricSet.Keys"/>); its direction comes from
    /// <see cref="Evaluation.MetricSet.HigherIsBetter"/>.</summary>
    public required string PrimaryMetric { get; init; }

    /// <summary>Labels of the out-of-time fit rows, or null without an out-of-time split.</summary>
    public double[]? OutOfTimeFitLabels { get; init; }

    /// <summary>Labels of the out-of-time test rows, or null without an out-of-time split.</summary>
    public double[]? OutOfTimeTestLabels { get; init; }

    /// <summary>Labels of the cross-validation rows, or null without cross-validation.</summary>
    public double[]? CrossValidationLabels { get; init; }

    public required double[] RefitLabels { get; init; }

    /// <summary>The matrices of each view; a view no candidate reads may be null.</summary>
    public required IReadOnlyList<EvaluationView?> Views { get; init; }

    /// <summary>Whether the candidates are judged out of time.</summary>
    public bool HasOutOfTime => OutOfTimeTestLabels is not null;
}
