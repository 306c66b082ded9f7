using Patron.Learning.Data;

namespace Patron.Learning.Evaluation;

/// <summary>A training set after resampling.</summary>
/// <param name="X">Rows (original rows first, then new ones).</param>
/// <param name="Y">Labels.</param>
/// <param name="Weight">Weights, or empty when the input had none.</param>
public sealed record ResampledData(FeatureMatrix X, double[] Y, double[] Weight);
