using Patron.Learning.Data;

namespace Patron.Learning;

/// <summary>A trained, immutable model that scores a feature matrix.</summary>
/// <remarks>Implementations are thread-safe for concurrent scoring. Every method refuses a matrix whose schema differs
/// from <see cref="Schema"/> with a <see cref="SchemaMismatchException"/>.</remarks>
public interface IPredictor
{
    /// <summary>The feature schema the model was trained on.</summary>
    FeatureSchema Schema { get; }

    /// <summary>Whether the model predicts a probability or a value.</summary>
    TaskKind Task { get; }

    /// <summary>Writes the raw score per row: log-odds for binary, the link-space value for regression
    /// (log of the mean for Poisson and Tweedie, the value itself for squared error).</summary>
    /// <param name="x">Rows to score.</param>
    /// <param name="output">One slot per row of <paramref name="x"/>.</param>
    void PredictRaw(FeatureMatrix x, Span<double> output);

    /// <summary>Writes the prediction per row: the probability of class 1 for binary, the value for regression.</summary>
    /// <param name="x">Rows to score.</param>
    /// <param name="output">One slot per row of <paramref name="x"/>.</param>
    void Predict(FeatureMatrix x, Span<double> output);
}
