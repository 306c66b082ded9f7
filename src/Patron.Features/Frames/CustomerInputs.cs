using Patron.Learning.Data;

namespace Patron.Features.Frames;

/// <summary>The customers of one cutoff as a model reads them: the feature matrix (float cells, category codes) and a
/// narrow frame beside it with the ids, the labels and only the columns asked to stay as values.</summary>
/// <param name="Frame">Ids, labels and the kept columns (numeric ones as doubles, categorical ones as text).</param>
/// <param name="Plain">The registry features as a matrix, exactly as <see cref="CustomerMatrices.Build"/> makes it from
/// the full frame (at <paramref name="MatrixRows"/> only, when given).</param>
/// <param name="MatrixRows">The frame rows (ascending) the matrix holds, or null when it holds every row.</param>
public sealed record CustomerInputs(CustomerFrame Frame, FeatureMatrix Plain, int[]? MatrixRows = null)
{
    /// <summary>The ids of the matrix rows, in the matrix's order: for reading other per-customer outputs aligned to it.</summary>
    public IReadOnlyList<string> MatrixIds()
    {
        if (MatrixRows is null)
        {
            return Frame.Ids;
        }

        var ids = new string[MatrixRows.Length];
        for (var k = 0; k < ids.Length; k++)
        {
            ids[k] = Frame.Ids[MatrixRows[k]];
        }

        return ids;
    }
}
