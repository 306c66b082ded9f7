namespace Patron.Learning.Evaluation;

/// <summary>The outcome of a cross-validation.</summary>
/// <param name="Task">Binary or regression, as reported by the trained models.</param>
/// <param name="Folds">Metrics on each held-out fold.</param>
/// <param name="Mean">The mean of each metric over folds.</param>
/// <param name="OutOfFold">Each row's prediction by the model that did not see it.</param>
/// <param name="Pooled">Metrics of the out-of-fold predictions taken together.</param>
public sealed record CrossValidationResult(TaskKind Task, IReadOnlyList<MetricSet> Folds, MetricSet Mean, double[] OutOfFold, MetricSet Pooled);
