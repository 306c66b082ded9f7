using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Explain;

namespace Patron.Learning.Uplift;

/// <summary>An uplift estimate τ(x) = Σ w_k f_k(x): a weighted sum of regression models on one schema (the T-learner's
/// μ₁ − μ₀, the X-learner's e · τ₀ + (1 − e) · τ₁). Immutable and thread-safe.</summary>
/// <remarks>Every part is a squared-error model, whose raw score is its prediction, so the contributions of the parts
/// (TreeSHAP) add up with the same weights to contributions of τ: the reasons behind a customer's uplift.</remarks>
public sealed class UpliftModel : IExplainable
{
    private readonly GradientBoostingModel[] _parts;
    private readonly double[] _weights;

    /// <summary>Combines <paramref name="parts"/> with <paramref name="weights"/>.</summary>
    public UpliftModel(IReadOnlyList<GradientBoostingModel> parts, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(weights);
        if (parts.Count == 0 || parts.Count != weights.Count)
        {
            throw new ArgumentException("An uplift model needs one weight per part and at least one part.");
        }

        foreach (var part in parts)
        {
            if (part.Loss != BoostingLoss.SquaredError)
            {
                throw new ArgumentException("Uplift parts are squared-error models, whose raw scores add up.");
            }

            part.Schema.EnsureCompatible(parts[0].Schema);
        }

        _parts = [.. parts];
        _weights = [.. weights];
    }

    /// <summary>The feature schema of every part.</summary>
    public FeatureSchema Schema => _parts[0].Schema;

    /// <summary>Writes τ(x) per row.</summary>
    public void Predict(FeatureMatrix x, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(x);
        output.Clear();
        var buffer = new double[x.RowCount];
        for (var k = 0; k < _parts.Length; k++)
        {
            _parts[k].Predict(x, buffer);
            for (var i = 0; i < buffer.Length; i++)
            {
                output[i] += _weights[k] * buffer[i];
            }
        }
    }

    /// <inheritdoc/>
    public void Contributions(FeatureMatrix x, int row, Span<double> phi) => Contributions(x, row, 1, phi, 1);

    /// <inheritdoc/>
    public void Contributions(FeatureMatrix x, int start, int count, Span<double> phi, int maxDegreeOfParallelism = -1)
    {
        ContributionBlock.Check(x, start, count, phi.Length);
        phi.Clear();
        var part = new double[phi.Length];
        for (var k = 0; k < _parts.Length; k++)
        {
            _parts[k].Contributions(x, start, count, part, maxDegreeOfParallelism);
            for (var j = 0; j < part.Length; j++)
            {
                phi[j] += _weights[k] * part[j];
            }
        }
    }
}
