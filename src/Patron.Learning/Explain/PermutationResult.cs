namespace Patron.Learning.Explain;

/// <summary>Permutation importance per feature (schema order).</summary>
/// <param name="Metric">The metric used.</param>
/// <param name="Baseline">The metric on the unshuffled data.</param>
/// <param name="Importance">Mean degradation per feature (larger = more important).</param>
/// <param name="StandardDeviation">Spread of the degradation over repeats.</param>
public sealed record PermutationResult(string Metric, double Baseline, IReadOnlyList<double> Importance, IReadOnlyList<double> StandardDeviation);
