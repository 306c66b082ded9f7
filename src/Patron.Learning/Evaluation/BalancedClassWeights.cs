using Patron.Learning.Data;

namespace Patron.Learning.Evaluation;

/// <summary>Reweights a training set so both classes carry equal total weight (each row × n / (2·n_class), as
/// scikit-learn's class_weight='balanced'), for any learner. As an <see cref="IResampler"/> it touches training folds
/// only, so held-out metrics stay unweighted.</summary>
public sealed class BalancedClassWeights : IResampler
{
    /// <inheritdoc/>
    public ResampledData Resample(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight, long seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        double positive = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var w = sampleWeight.IsEmpty ? 1.0 : sampleWeight[i];
            positive += y[i] == 1 ? w : 0;
            total += w;
        }

        var negative = total - positive;
        if (positive <= 0 || negative <= 0)
        {
            return new ResampledData(x, y.ToArray(), sampleWeight.ToArray());
        }

        var weights = new double[y.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var w = sampleWeight.IsEmpty ? 1.0 : sampleWeight[i];
            weights[i] = w * total / (2 * (y[i] == 1 ? positive : negative));
        }

        return new ResampledData(x, y.ToArray(), weights);
    }
}
