using Patron.DuckDb;
using Patron.Features.Experiments;
using Patron.Features.Frames;
using Patron.Learning.Data;
using Patron.Learning.Uplift;
using Patron.Pipeline.Explain;

namespace Patron.Pipeline.Experiments;

/// <summary>
/// Uplift of an experiment: T- and X-learners on Patron's features as of the start, cross-fitted over folds, for net
/// revenue and conversion in the window; their Qini and AUUC curves and uplift@k on held-out customers; and the
/// targeting list ranked by the better learner's revenue uplift, with the reasons behind each estimate.
/// </summary>
/// <param name="Start">First day of the window.</param>
/// <param name="WindowDays">Its length.</param>
/// <param name="FeatureCutoff">The feature cutoff used: the latest on or before the start.</param>
/// <param name="Control">The control arm's name.</param>
/// <param name="Treatment">The treatment arm's name.</param>
/// <param name="Folds">Cross-fitting folds.</param>
/// <param name="Seed">Seed of the folds and the boosting.</param>
/// <param name="Ids">The experiment's customers, in assignment-file order.</param>
/// <param name="Treated">Whether each was treated.</param>
/// <param name="Outcomes">The outcome arrays by metric (revenue, conversion).</param>
/// <param name="Results">Each learner on each metric.</param>
/// <param name="Chosen">The learner whose revenue ranking has the larger Qini area: the targeting list follows it.</param>
/// <param name="Reasons">The reasons behind the chosen learner's revenue uplift of each customer.</param>
/// <param name="WithoutFeatures">Customers without features at the cutoff (no purchase before it): their inputs are missing.</param>
public sealed record UpliftAnalysis(
    DateOnly Start, int WindowDays, DateOnly FeatureCutoff, string Control, string Treatment, int Folds, long Seed,
    string[] Ids, bool[] Treated, IReadOnlyDictionary<string, double[]> Outcomes, IReadOnlyList<UpliftLearnerResult> Results,
    UpliftLearnerKind Chosen, string[][] Reasons, int WithoutFeatures)
{
    /// <summary>The metrics uplift is estimated for.</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["revenue", "conversion"];

    /// <summary>The result of <paramref name="learner"/> on <paramref name="metric"/>.</summary>
    public UpliftLearnerResult Result(UpliftLearnerKind learner, string metric) =>
        Results.First(r => r.Learner == learner && r.Metric == metric);

    /// <summary>Treated mean minus control mean of <paramref name="metric"/>: what a random ranking's uplift@k is in expectation.</summary>
    public double AverageEffect(string metric)
    {
        var y = Outcomes[metric];
        double sumT = 0, sumC = 0;
        int nT = 0, nC = 0;
        for (var i = 0; i < y.Length; i++)
        {
            if (Treated[i])
            {
                sumT += y[i];
                nT++;
            }
            else
            {
                sumC += y[i];
                nC++;
            }
        }

        return sumT / nT - sumC / nC;
    }

    /// <summary>Runs the analysis.</summary>
    /// <param name="connection">The warehouse, with features built at a cutoff on or before the start.</param>
    /// <param name="ids">Assigned customers.</param>
    /// <param name="variants">Each customer's arm: two arms, control named "control" or else the first in the file.</param>
    /// <param name="start">First day of the window.</param>
    /// <param name="windowDays">Its length.</param>
    /// <param name="folds">Cross-fitting folds (2 to 20).</param>
    /// <param name="seed">Seed of the folds and the boosting.</param>
    public static UpliftAnalysis Run(DuckDbConnection connection, IReadOnlyList<string> ids, IReadOnlyList<string> variants, DateOnly start, int windowDays, int folds = 5, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(variants);
        if (folds < 2 || folds > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "Expected 2 to 20 folds.");
        }

        var (control, treatment) = Arms(variants);
        var treated = new bool[ids.Count];
        int nT = 0, nC = 0;
        for (var i = 0; i < treated.Length; i++)
        {
            treated[i] = variants[i] == treatment;
            nT += treated[i] ? 1 : 0;
            nC += treated[i] ? 0 : 1;
        }

        if (Math.Min(nT, nC) < 10 * folds)
        {
            throw new InvalidOperationException($"Uplift needs at least {10 * folds} customers in each arm for {folds} folds; {control} has {nC:N0}, {treatment} has {nT:N0}.");
        }

        var cutoff = ExperimentPopulation.CutoffAtOrBefore(connection, start)
            ?? throw new InvalidOperationException($"The warehouse has no customer features at or before {start:yyyy-MM-dd}: run 'patron features --cutoff {start:yyyy-MM-dd}' first, so the models see the customers as they were when the experiment began.");
        var (x, missing) = Matrix(CustomerFrame.Load(connection, cutoff, windowDays), ids);
        var outcomes = ExperimentOutcomes.Read(connection, ids, start, windowDays);
        var last = outcomes.LookDays.Length - 1;
        var outcome = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var metric in Metrics)
        {
            outcome[metric] = outcomes.Metric(metric, last);
        }

        var fold = UpliftCrossFit.Folds(treated, folds, seed);
        var results = new List<UpliftLearnerResult>();
        UpliftCrossFit? revenueX = null, revenueT = null;
        foreach (var metric in Metrics)
        {
            foreach (var kind in (UpliftLearnerKind[])[UpliftLearnerKind.TLearner, UpliftLearnerKind.XLearner])
            {
                var fit = UpliftCrossFit.Run(kind, x, outcome[metric], treated, fold, null, seed);
                results.Add(new UpliftLearnerResult(kind, metric, fit.Uplift, UpliftMetrics.Of(outcome[metric], treated, fit.Uplift)));
                if (metric == "revenue")
                {
                    (revenueT, revenueX) = kind == UpliftLearnerKind.TLearner ? (fit, revenueX) : (revenueT, fit);
                }
            }
        }

        // Ties go to the X-learner, which pools both arms for each effect model.
        var qiniT = results.First(r => r.Learner == UpliftLearnerKind.TLearner && r.Metric == "revenue").Metrics.Qini;
        var qiniX = results.First(r => r.Learner == UpliftLearnerKind.XLearner && r.Metric == "revenue").Metrics.Qini;
        var chosen = qiniT > qiniX ? UpliftLearnerKind.TLearner : UpliftLearnerKind.XLearner;
        var reasons = Explain(chosen == UpliftLearnerKind.TLearner ? revenueT! : revenueX!, x);
        return new UpliftAnalysis(start, windowDays, cutoff, control, treatment, folds, seed, [.. ids], treated, outcome, results, chosen, reasons, missing);
    }

    // Each customer is explained by the fold model that scored them.
    private static string[][] Explain(UpliftCrossFit fit, FeatureMatrix x)
    {
        var reasons = new string[x.RowCount][];
        for (var f = 0; f < fit.Models.Count; f++)
        {
            var (_, test) = UpliftCrossFit.Rows(fit.Fold, f);
            var texts = UpliftReasons.Compute(fit.Models[f], x.SelectRows(test));
            for (var i = 0; i < test.Length; i++)
            {
                reasons[test[i]] = texts[i];
            }
        }

        return reasons;
    }

    // The frame's columns in the assignment's order; a customer the frame lacks gets missing inputs.
    private static (FeatureMatrix X, int Missing) Matrix(CustomerFrame frame, IReadOnlyList<string> ids)
    {
        var index = new Dictionary<string, int>(frame.Count, StringComparer.Ordinal);
        for (var i = 0; i < frame.Count; i++)
        {
            index[frame.Ids[i]] = i;
        }

        var rows = new int[ids.Count];
        var missing = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = index.TryGetValue(ids[i], out var r) ? r : -1;
            missing += rows[i] < 0 ? 1 : 0;
        }

        var builder = new FeatureMatrixBuilder(ids.Count);
        foreach (var (name, values) in frame.NumericColumns)
        {
            var column = new double[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                column[i] = rows[i] < 0 ? double.NaN : values[rows[i]];
            }

            if (FrameColumns.HasValue(column))
            {
                builder.AddNumeric(name, column);
            }
        }

        foreach (var (name, values) in frame.CategoricalColumns)
        {
            var column = new string?[rows.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                column[i] = rows[i] < 0 ? null : values[rows[i]];
            }

            if (FrameColumns.HasValue(column))
            {
                builder.AddCategorical(name, column);
            }
        }

        return (builder.Build(), missing);
    }

    // Control is the variant named "control" when there is one, else the first in file order; uplift compares two arms.
    private static (string Control, string Treatment) Arms(IReadOnlyList<string> variants)
    {
        var names = new List<string>();
        foreach (var v in variants)
        {
            if (!names.Contains(v))
            {
                names.Add(v);
            }
        }

        if (names.Count != 2)
        {
            throw new InvalidOperationException($"Uplift compares two arms; the assignment names {names.Count}: {string.Join(", ", names)}. Keep control and one treatment in the file.");
        }

        var control = names.FindIndex(n => string.Equals(n, "control", StringComparison.OrdinalIgnoreCase));
        return control == 1 ? (names[1], names[0]) : (names[0], names[1]);
    }
}
