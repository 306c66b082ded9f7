using Patron.Learning.Data;

namespace Patron.Learning.Tuning;

/// <summary>Random search (Bergstra &amp; Bengio 2012): seeded draws from the space, each cross-validated on all rows.</summary>
public static class RandomSearch
{
    public static TuningResult Run(LearnerFactory factory, ParameterSpace space, FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight, TuningOptions? options = null)
    {
        var (checkedOptions, candidates) = TuningCore.Start(factory, space, x, options);
        var all = new int[candidates.Length];
        for (var c = 0; c < all.Length; c++)
        {
            all[c] = c;
        }

        var trials = TuningCore.EvaluateAll(factory, candidates, all, x, y, sampleWeight, checkedOptions);
        return new TuningResult(checkedOptions.Metric, TuningCore.Best(trials, checkedOptions.Metric), trials);
    }
}
