using Patron.Learning.Data;

namespace Patron.Learning.Tuning;

/// <summary>Random search (Bergstra &amp; Bengio 2012): seeded draws from the space, each cross-validated on all rows.</summary>
public static class RandomSearch
{
    public static TuningResult Run(LearnerFactory factory, ParameterSpace space, FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight, TuningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(x);
        options ??= new TuningOptions();
        options.Validate();
        var candidates = TuningCore.Draw(space, options);
        var trials = new List<Trial>(candidates.Length);
        for (var c = 0; c < candidates.Length; c++)
        {
            trials.Add(TuningCore.Evaluate(factory, c, candidates[c], x, y, sampleWeight, options));
        }

        return new TuningResult(options.Metric, TuningCore.Best(trials, options.Metric), trials);
    }
}
