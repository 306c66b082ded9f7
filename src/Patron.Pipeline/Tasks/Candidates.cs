using Patron.Features.Lifetime;
using Patron.Learning;
using Patron.Learning.Boosting;
using Patron.Learning.Linear;

namespace Patron.Pipeline.Tasks;

/// <summary>The candidates each task trains, in the order metrics.json lists them (baseline first).</summary>
internal static class Candidates
{
    public static IReadOnlyList<Candidate> For(TaskSpec spec, PipelineOptions options, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var list = new List<Candidate> { Baseline(spec) };
        var suffix = LifetimeScores.Suffix(horizonDays);
        if (spec.Kind == TaskKind.Binary)
        {
            list.Add(new Candidate("logistic", Candidate.ModelKind, "logistic regression on every feature (standardised, L2)",
                new LogisticRegressionLearner(new LogisticRegressionOptions { C = 1.0, Seed = (int)options.Seed }), false, null));
            list.Add(new Candidate("gbdt", Candidate.ModelKind, "gradient-boosted trees, log loss",
                new GradientBoostingLearner(Boosting(options, BoostingLoss.LogLoss)), false, null));
            if (spec.UsesLifetime)
            {
                list.Add(new Candidate("bgnbd", Candidate.LifetimeKind, $"BG/NBD: probability of at least one purchase in {suffix} days",
                    null, false, (_, data) => OneMinus(data.Lifetime!.Column("p_no_purchase_" + suffix))));
                list.Add(new Candidate("gbdt_lifetime", Candidate.ModelKind, "gradient-boosted trees with the BG/NBD and Gamma-Gamma outputs as features",
                    new GradientBoostingLearner(Boosting(options, BoostingLoss.LogLoss)), true, null));
            }
        }
        else
        {
            list.Add(new Candidate("gbdt_tweedie", Candidate.ModelKind, "gradient-boosted trees, Tweedie loss (power 1.5) on future spend",
                new GradientBoostingLearner(Boosting(options, BoostingLoss.Tweedie)), false, null));
            if (spec.UsesLifetime)
            {
                list.Add(new Candidate("bgnbd_gamma_gamma", Candidate.LifetimeKind, $"BG/NBD expected purchases times Gamma-Gamma expected spend over {suffix} days",
                    null, false, (_, data) => Sanitize(data.Lifetime!.Column("expected_clv_" + suffix))));
                list.Add(new Candidate("gbdt_tweedie_lifetime", Candidate.ModelKind, "gradient-boosted trees (Tweedie) with the lifetime outputs as features",
                    new GradientBoostingLearner(Boosting(options, BoostingLoss.Tweedie)), true, null));
            }
        }

        return list;
    }

    internal static GradientBoostingOptions Boosting(PipelineOptions options, BoostingLoss loss) => new()
    {
        Loss = loss,
        Rounds = options.BoostingRounds,
        LearningRate = 0.05,
        MaxDepth = 4,
        MinChildWeight = 5,
        RowSample = 0.8,
        ColumnSample = 0.8,
        Seed = options.Seed,
    };

    private static Candidate Baseline(TaskSpec spec)
    {
        var feature = spec.BaselineFeature;
        if (spec.Kind == TaskKind.Binary)
        {
            // Recency ranks churn upward; frequency and spend rank repeat and value upward too: larger = more likely.
            return new Candidate(spec.BaselineName, Candidate.BaselineKind, spec.BaselineDescription, null, false,
                (_, data) => PercentRank(data.Frame.Numeric(feature)));
        }

        return new Candidate(spec.BaselineName, Candidate.BaselineKind, spec.BaselineDescription, null, false, (fit, data) =>
        {
            // One scale factor (future spend per unit of past spend, from the calibration cutoff) keeps the ranking of
            // past spend and puts it on the target's scale, so error metrics compare too.
            var past = fit.Frame.Numeric(feature);
            var future = fit.Frame.Labels[spec.Label];
            double sumPast = 0, sumFuture = 0;
            for (var i = 0; i < past.Length; i++)
            {
                if (!double.IsNaN(past[i]))
                {
                    sumPast += Math.Max(past[i], 0);
                    sumFuture += future[i];
                }
            }

            var scale = sumPast > 0 ? sumFuture / sumPast : 0;
            var values = data.Frame.Numeric(feature);
            var result = new double[values.Length];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = double.IsNaN(values[i]) ? 0 : Math.Max(values[i], 0) * scale;
            }

            return result;
        });
    }

    /// <summary>Scores mapped to (0, 1] by rank, so a one-feature ranking can be measured like a probability; missing ranks lowest.</summary>
    internal static double[] PercentRank(double[] values)
    {
        var order = new int[values.Length];
        var keys = new double[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = double.IsNaN(values[i]) ? double.NegativeInfinity : values[i];
        }

        Array.Sort(keys, order);
        var result = new double[values.Length];
        var n = values.Length;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && keys[end + 1] == keys[start])
            {
                end++;
            }

            // Ties share the mean rank, so equal values score equally.
            var rank = (start + end + 2) / 2.0 / n;
            for (var k = start; k <= end; k++)
            {
                result[order[k]] = rank;
            }

            start = end + 1;
        }

        return result;
    }

    private static double[] OneMinus(double[] values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = double.IsNaN(values[i]) ? 0 : Math.Clamp(1 - values[i], 0, 1);
        }

        return result;
    }

    private static double[] Sanitize(double[] values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = double.IsFinite(values[i]) ? Math.Max(values[i], 0) : 0;
        }

        return result;
    }
}
