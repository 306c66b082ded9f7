using Patron.Learning.Data;
using Patron.Learning.Evaluation;

namespace Patron.Learning.Tuning;

/// <summary>Pieces shared by the searches.</summary>
internal static class TuningCore
{
    /// <summary>What every search starts from: the arguments checked, the options (defaults when null) validated, and
    /// the candidates drawn from the space with the options' seed.</summary>
    public static (TuningOptions Options, ParameterSet[] Candidates) Start(LearnerFactory factory, ParameterSpace space, FeatureMatrix x, TuningOptions? options)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(x);
        options ??= new TuningOptions();
        options.Validate();
        return (options, Draw(space, options));
    }

    /// <summary>Cross-validates the candidates numbered <paramref name="which"/>, in that order, on the same rows.</summary>
    public static List<Trial> EvaluateAll(LearnerFactory factory, ParameterSet[] candidates, IReadOnlyList<int> which, FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> weight, TuningOptions options)
    {
        var trials = new List<Trial>(which.Count);
        foreach (var c in which)
        {
            trials.Add(Evaluate(factory, c, candidates[c], x, y, weight, options));
        }

        return trials;
    }

    public static ParameterSet[] Draw(ParameterSpace space, TuningOptions options)
    {
        var random = new Random(unchecked((int)(options.Seed ^ (options.Seed >> 32))));
        var candidates = new ParameterSet[options.Candidates];
        for (var c = 0; c < candidates.Length; c++)
        {
            candidates[c] = space.Sample(random);
        }

        return candidates;
    }

    public static Trial Evaluate(LearnerFactory factory, int candidate, ParameterSet parameters, FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> weight, TuningOptions options)
    {
        var result = CrossValidation.Run(factory(parameters), x, y, weight, new CrossValidationOptions
        {
            Folds = options.Folds,
            Seed = options.Seed,
            Resampler = options.Resampler,
        });
        var score = result.Mean.Get(options.Metric)
            ?? throw new ArgumentException($"Metric '{options.Metric}' is not available for a {result.Task} task.");
        return new Trial(candidate, parameters, x.RowCount, score, result.Mean);
    }

    /// <summary>Better score first; ties by candidate index so the order is deterministic.</summary>
    public static int Compare(Trial a, Trial b, string metric)
    {
        var c = MetricSet.HigherIsBetter(metric) ? b.Score.CompareTo(a.Score) : a.Score.CompareTo(b.Score);
        return c != 0 ? c : a.Candidate.CompareTo(b.Candidate);
    }

    public static Trial Best(List<Trial> trials, string metric)
    {
        var best = trials[0];
        foreach (var t in trials)
        {
            if (Compare(t, best, metric) < 0)
            {
                best = t;
            }
        }

        return best;
    }

    /// <summary>A seeded row order whose every prefix keeps the class shares of binary labels (classes interleaved
    /// proportionally); other labels are simply shuffled.</summary>
    public static int[] StratifiedOrder(ReadOnlySpan<double> y, long seed)
    {
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))) + 17);
        var order = new int[y.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        random.Shuffle(order);
        var binary = true;
        var positives = 0;
        foreach (var v in y)
        {
            binary &= v == 0 || v == 1;
            positives += v == 1 ? 1 : 0;
        }

        if (!binary)
        {
            return order;
        }

        // Each row's key is its relative position within its own (shuffled) class, so any prefix of the sorted order
        // holds both classes in their overall proportion.
        var keys = new double[y.Length];
        int seenPositive = 0, seenNegative = 0, negatives = y.Length - positives;
        foreach (var i in order)
        {
            keys[i] = y[i] == 1 ? (seenPositive++ + 0.5) / positives : (seenNegative++ + 0.5) / negatives;
        }

        var sortKeys = new double[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            sortKeys[k] = keys[order[k]];
        }

        Array.Sort(sortKeys, order);
        return order;
    }
}
