using System.Globalization;
using Patron.Features.Lifetime;
using Patron.Features.Registry;
using Patron.Learning;
using Patron.Learning.Boosting;
using Patron.Learning.Linear;
using Patron.Learning.Selection;

namespace Patron.Pipeline.Tasks;

/// <summary>The candidates each task trains, in the order metrics.json lists them (baseline first), bound to the
/// cutoffs of one run: view 0 is the registry features, view 1 the features with the lifetime outputs.</summary>
internal static class Candidates
{
    /// <summary>Index of the matrices with the lifetime outputs in <see cref="SelectionProblem.Views"/>.</summary>
    public const int LifetimeView = 1;

    /// <summary>The candidates of <paramref name="spec"/>; those whose lifetime outputs are missing at a cutoff are
    /// left out (with a progress line).</summary>
    public static IReadOnlyList<ModelCandidate> For(TaskSpec spec, PipelineOptions options, int horizonDays, TaskCutoffs data, IProgress<string>? progress)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        var list = new List<ModelCandidate> { Baseline(spec, data) };
        var suffix = LifetimeScores.Suffix(horizonDays);
        var lifetimeMatrices = data.Early.WithLifetime is not null && data.Train.WithLifetime is not null && data.Score.WithLifetime is not null;
        var lifetimeScores = data.Early.Lifetime is not null && data.Train.Lifetime is not null && data.Score.Lifetime is not null;
        var binary = spec.Kind == TaskKind.Binary;
        var rows = data.Fit.Early?.Length ?? data.Early.Frame.Count;
        var fitY = data.Fit.Select(data.Early.Plain, data.Early.Frame.Labels[spec.Label], data.Fit.Early).Y;
        var plainConstraints = SmallData.Constraints(FeatureRegistry.BuyingDirections, spec.BuyingSign, data.Early.Plain.Schema);
        if (binary)
        {
            var c = SmallData.LogisticC(rows);
            list.Add(ModelCandidate.ForLearner("logistic", $"logistic regression on every feature (standardised, L2, C = {c.ToString("0.###", CultureInfo.InvariantCulture)})" + RowCappedLearner.Describe(rows),
                RowCappedLearner.ForLogistic(new LogisticRegressionLearner(new LogisticRegressionOptions { C = c, Seed = (int)options.Seed }), rows, options.Seed)));
            list.Add(ModelCandidate.ForLearner("gbdt", "gradient-boosted trees, log loss" + Monotone(plainConstraints),
                new GradientBoostingLearner(SmallData.Boosting(options, BoostingLoss.LogLoss, rows, fitY, plainConstraints))));
        }
        else
        {
            list.Add(ModelCandidate.ForLearner("gbdt_tweedie", "gradient-boosted trees, Tweedie loss (power 1.5) on future spend" + Monotone(plainConstraints),
                new GradientBoostingLearner(SmallData.Boosting(options, BoostingLoss.Tweedie, rows, fitY, plainConstraints))));
        }

        if (!spec.UsesLifetime)
        {
            return list;
        }

        var (scorerName, scorerDescription, column, learnerName, learnerDescription) = binary
            ? ("bgnbd", $"BG/NBD: probability of at least one purchase in {suffix} days", "p_no_purchase_" + suffix,
                "gbdt_lifetime", "gradient-boosted trees with the BG/NBD and Gamma-Gamma outputs as features")
            : ("bgnbd_gamma_gamma", $"BG/NBD expected purchases times Gamma-Gamma expected spend over {suffix} days", "expected_clv_" + suffix,
                "gbdt_tweedie_lifetime", "gradient-boosted trees (Tweedie) with the lifetime outputs as features");
        if (lifetimeScores)
        {
            list.Add(ModelCandidate.ForScorer(scorerName, scorerDescription, phase =>
            {
                var values = data.Rows(phase, d => d.Lifetime!.Column(column));
                return binary ? OneMinus(values) : Sanitize(values);
            }));
        }
        else
        {
            progress?.Report($"{spec.Name}: {scorerName} skipped (lifetime outputs unavailable)");
        }

        if (lifetimeMatrices)
        {
            var lifetimeConstraints = SmallData.Constraints(FeatureRegistry.BuyingDirections, spec.BuyingSign, data.Early.WithLifetime!.Schema);
            list.Add(ModelCandidate.ForLearner(learnerName, learnerDescription + Monotone(lifetimeConstraints),
                new GradientBoostingLearner(SmallData.Boosting(options, binary ? BoostingLoss.LogLoss : BoostingLoss.Tweedie, rows, fitY, lifetimeConstraints)), LifetimeView));
        }
        else
        {
            progress?.Report($"{spec.Name}: {learnerName} skipped (lifetime outputs unavailable)");
        }

        return list;
    }

    /// <summary>The kind metrics.json gives a candidate: baseline, model, blend or lifetime.</summary>
    public static string KindOf(ModelCandidate candidate) => candidate.Role switch
    {
        CandidateRole.Baseline => "baseline",
        CandidateRole.Learner => "model",
        CandidateRole.Blend => "blend",
        _ => "lifetime",
    };

    // ", monotone in orders, net_revenue, ..." for a description; empty without constraints.
    private static string Monotone(IReadOnlyDictionary<string, int>? constraints) =>
        constraints is null ? string.Empty : "; monotone in " + string.Join(", ", constraints.Select(c => (c.Value > 0 ? "+" : "-") + c.Key));

    private static ModelCandidate Baseline(TaskSpec spec, TaskCutoffs data)
    {
        var feature = spec.BaselineFeature;
        if (spec.Kind == TaskKind.Binary)
        {
            // Recency ranks churn upward; frequency and spend rank repeat and value upward too: larger = more likely.
            return ModelCandidate.ForBaseline(spec.BaselineName, spec.BaselineDescription,
                phase => data.Rows(phase, d => PercentRank(d.Frame.Numeric(feature))));
        }

        return ModelCandidate.ForBaseline(spec.BaselineName, spec.BaselineDescription, phase =>
        {
            // One scale factor (future spend per unit of past spend, from the cutoff before the scored one) keeps the
            // ranking of past spend and puts it on the target's scale, so error metrics compare too.
            var (fit, scored) = phase == EvaluationPhase.OutOfTime ? (data.Early, data.Train)
                : phase == EvaluationPhase.Scoring ? (data.Train, data.Score)
                : (data.Train, data.Train);
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
            var values = scored.Frame.Numeric(feature);
            var result = new double[values.Length];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = double.IsNaN(values[i]) ? 0 : Math.Max(values[i], 0) * scale;
            }

            return phase == EvaluationPhase.CrossValidation ? data.TrainRows(result) : result;
        });
    }

    /// <summary>Scores mapped to (0, 1] by rank (<see cref="CandidateSelection.PercentRank"/>).</summary>
    internal static double[] PercentRank(double[] values) => CandidateSelection.PercentRank(values);

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
