namespace Patron.Learning.Tuning;

/// <summary>The outcome of a search.</summary>
/// <param name="Metric">The metric optimized.</param>
/// <param name="Best">The best candidate's final trial.</param>
/// <param name="Trials">Every trial in evaluation order.</param>
public sealed record TuningResult(string Metric, Trial Best, IReadOnlyList<Trial> Trials);
