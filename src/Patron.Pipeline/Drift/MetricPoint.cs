namespace Patron.Pipeline.Drift;

/// <summary>A task's out-of-time primary metric as recorded by the run scored at <paramref name="ScoringCutoff"/>.</summary>
public sealed record MetricPoint(DateOnly ScoringCutoff, string Metric, double Value);
