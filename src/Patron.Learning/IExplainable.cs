using Patron.Learning.Data;

namespace Patron.Learning;

/// <summary>A model that can split a row's raw score into additive per-feature contributions.</summary>
public interface IExplainable
{
    /// <summary>Writes the contribution of every feature to the raw score of one row.</summary>
    /// <param name="x">The matrix holding the row (same schema as the model).</param>
    /// <param name="row">The row index.</param>
    /// <param name="phi">Length = feature count + 1. Slot j is feature j of the schema (one-hot and missing-indicator
    /// parts are summed back into their source feature); the last slot is the bias (expected value). All in raw-score
    /// space, so the slots sum to the row's raw score.</param>
    void Contributions(FeatureMatrix x, int row, Span<double> phi);

    /// <summary>Writes the contributions of a block of rows, row after row, each laid out as by
    /// <see cref="Contributions(FeatureMatrix, int, Span{double})"/>.</summary>
    /// <param name="x">The matrix holding the rows (same schema as the model).</param>
    /// <param name="start">The first row.</param>
    /// <param name="count">Number of rows.</param>
    /// <param name="phi">Length = count × (feature count + 1); row <c>start + i</c> fills
    /// <c>phi[i × (features + 1) .. (i + 1) × (features + 1))</c>.</param>
    /// <param name="maxDegreeOfParallelism">Threads a model may use (-1: the runtime's choice). The values do not depend
    /// on it.</param>
    /// <remarks>The default explains one row at a time on the calling thread. Tree ensembles override it with a faster
    /// path that gives the same values (see docs/learning.md). Callers explaining millions of rows should pass blocks of
    /// a few thousand rows so the output stays small.</remarks>
    void Contributions(FeatureMatrix x, int start, int count, Span<double> phi, int maxDegreeOfParallelism = -1)
    {
        var width = Explain.ContributionBlock.Check(x, start, count, phi.Length);

        for (var i = 0; i < count; i++)
        {
            Contributions(x, start + i, phi.Slice(i * width, width));
        }
    }
}
