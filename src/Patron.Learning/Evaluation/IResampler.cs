using Patron.Learning.Data;

namespace Patron.Learning.Evaluation;

/// <summary>Changes a training set before fitting (for example oversampling the rare class). Cross-validation applies it to
/// each training fold only, never to the rows it scores.</summary>
public interface IResampler
{
    /// <summary>Returns the resampled rows, labels and weights (weights empty when the input had none).</summary>
    /// <param name="x">Training rows.</param>
    /// <param name="y">0/1 labels.</param>
    /// <param name="sampleWeight">Weights or empty.</param>
    /// <param name="seed">Seed of every random choice.</param>
    ResampledData Resample(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight, long seed);
}
