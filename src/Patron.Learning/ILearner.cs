using Patron.Learning.Data;

namespace Patron.Learning;

/// <summary>A configured training algorithm: options and seed are fixed at construction, <see cref="Fit"/> returns a new model.</summary>
/// <typeparam name="TModel">The immutable model type produced.</typeparam>
/// <remarks>Same data, same weights and same options (including the seed) give a model that serializes to the same bytes.</remarks>
public interface ILearner<out TModel>
    where TModel : IPredictor
{
    /// <summary>Trains a model.</summary>
    /// <param name="x">Training features.</param>
    /// <param name="y">One label per row: 0/1 for binary tasks, the target value for regression.</param>
    /// <param name="sampleWeight">One non-negative weight per row, or empty for weight 1 on every row.</param>
    TModel Fit(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight);
}
