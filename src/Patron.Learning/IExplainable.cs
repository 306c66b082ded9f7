using Patron.Learning.Data;

namespace Patron.Learning;

/// <summary>A model that can split one row's raw score into additive per-feature contributions.</summary>
public interface IExplainable
{
    /// <summary>Writes the contribution of every feature to the raw score of one row.</summary>
    /// <param name="x">The matrix holding the row (same schema as the model).</param>
    /// <param name="row">The row index.</param>
    /// <param name="phi">Length = feature count + 1. Slot j is feature j of the schema (one-hot and missing-indicator
    /// parts are summed back into their source feature); the last slot is the bias (expected value). All in raw-score
    /// space, so the slots sum to the row's raw score.</param>
    void Contributions(FeatureMatrix x, int row, Span<double> phi);
}
