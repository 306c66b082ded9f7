using Patron.Learning.Data;

namespace Patron.Features.Frames;

/// <summary>The customers of one cutoff as a model reads them: the feature matrix (float cells, category codes) and a
/// narrow frame beside it with the ids, the labels and only the columns asked to stay as values.</summary>
/// <param name="Frame">Ids, labels and the kept columns (numeric ones as doubles, categorical ones as text).</param>
/// <param name="Plain">The registry features as a matrix, exactly as <see cref="CustomerMatrices.Build"/> makes it from
/// the full frame.</param>
public sealed record CustomerInputs(CustomerFrame Frame, FeatureMatrix Plain);
