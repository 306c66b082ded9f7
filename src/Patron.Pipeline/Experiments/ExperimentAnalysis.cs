using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Features.Experiments;
using Patron.Learning.Experiments;

namespace Patron.Pipeline.Experiments;

/// <summary>The analysis of an experiment: each metric per treatment arm against control, the sample-ratio check and a verdict.</summary>
/// <param name="Start">First day of the outcome window.</param>
/// <param name="WindowDays">Its length.</param>
/// <param name="Control">The control arm's name.</param>
/// <param name="Arms">Every arm, control first, with its share in the design.</param>
/// <param name="SampleRatio">The sample-ratio-mismatch check.</param>
/// <param name="Metrics">The comparisons, metric by metric and arm by arm.</param>
/// <param name="Alpha">The significance level.</param>
/// <param name="Verdict">The plain-language reading.</param>
public sealed record ExperimentAnalysis(
    DateOnly Start, int WindowDays, string Control, IReadOnlyList<(string Arm, double Share)> Arms, SampleRatioCheck SampleRatio,
    IReadOnlyList<MetricResult> Metrics, double Alpha, string Verdict)
{
    /// <summary>The metrics the analysis knows.</summary>
    public static IReadOnlyList<string> KnownMetrics { get; } = ["revenue", "orders", "conversion"];

    /// <summary>Analyses the assignment over [start, start + window days).</summary>
    /// <param name="connection">The warehouse.</param>
    /// <param name="ids">Assigned customers.</param>
    /// <param name="variants">Each customer's arm.</param>
    /// <param name="start">First day of the window.</param>
    /// <param name="windowDays">Its length.</param>
    /// <param name="metrics">Metrics to compare.</param>
    /// <param name="cuped">Also compare CUPED-adjusted outcomes (covariates: the same metric over the window before the start
    /// and its lifetime feature at the latest cutoff on or before the start).</param>
    /// <param name="shares">The designed share of each arm by name; null for equal shares.</param>
    /// <param name="alpha">Significance level.</param>
    public static ExperimentAnalysis Run(
        DuckDbConnection connection, IReadOnlyList<string> ids, IReadOnlyList<string> variants, DateOnly start, int windowDays,
        IReadOnlyList<string> metrics, bool cuped, IReadOnlyDictionary<string, double>? shares = null, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(metrics);
        var armNames = ArmOrder(variants);
        if (armNames.Count < 2)
        {
            throw new InvalidOperationException("The assignment names one variant only; an experiment compares at least two.");
        }

        var control = armNames[0];
        var armOf = new int[variants.Count];
        var counts = new long[armNames.Count];
        for (var i = 0; i < variants.Count; i++)
        {
            armOf[i] = armNames.IndexOf(variants[i]);
            counts[armOf[i]]++;
        }

        var armShares = new double[armNames.Count];
        for (var a = 0; a < armNames.Count; a++)
        {
            armShares[a] = shares is null ? 1 : shares.TryGetValue(armNames[a], out var s) ? s
                : throw new InvalidOperationException($"The split names no share for variant '{armNames[a]}'.");
        }

        var srm = SampleRatioCheck.Test(counts, armShares);
        var outcomes = ExperimentOutcomes.Read(connection, ids, start, windowDays);
        var pending = new List<(string Metric, string Arm, LiftEstimate Raw, LiftEstimate? Cuped, double AlwaysValid, double Reduction)>();
        foreach (var metric in metrics)
        {
            var y = outcomes.Metric(metric, outcomes.LookDays.Length - 1);
            double[]? adjusted = null;
            var reduction = double.NaN;
            if (cuped)
            {
                (adjusted, reduction) = Cuped.Adjust(y, ExperimentCovariates.For(connection, outcomes, ids, metric));
            }

            for (var arm = 1; arm < armNames.Count; arm++)
            {
                var raw = Compare(metric, Values(y, armOf, 0), Values(y, armOf, arm), alpha);
                var adj = adjusted is null ? null : MeanTests.Welch(ArmSummary.Of(Values(adjusted, armOf, 0)), ArmSummary.Of(Values(adjusted, armOf, arm)), alpha);
                var looks = new List<(ArmSummary, ArmSummary)>(outcomes.LookDays.Length);
                for (var k = 0; k < outcomes.LookDays.Length; k++)
                {
                    var atLook = outcomes.Metric(metric, k);
                    looks.Add((ArmSummary.Of(Values(atLook, armOf, 0)), ArmSummary.Of(Values(atLook, armOf, arm))));
                }

                // Mixing scale: a 5 % lift on the control mean (or one control standard deviation when the mean is 0).
                var scale = raw.Control.Mean != 0 ? 0.05 * Math.Abs(raw.Control.Mean) : Math.Sqrt(Math.Max(raw.Control.Variance, 1e-12));
                pending.Add((metric, armNames[arm], raw, adj, AlwaysValidPValue.OverLooks(looks, scale * scale), reduction));
            }
        }

        var pValues = new double[pending.Count];
        for (var i = 0; i < pending.Count; i++)
        {
            pValues[i] = (pending[i].Cuped ?? pending[i].Raw).PValue;
        }

        var holm = HolmCorrection.Adjust(pValues);
        var results = new List<MetricResult>(pending.Count);
        for (var i = 0; i < pending.Count; i++)
        {
            var p = pending[i];
            results.Add(new MetricResult(p.Metric, p.Arm, p.Raw, p.Cuped, holm[i], p.AlwaysValid, p.Reduction));
        }

        var arms = new List<(string, double)>(armNames.Count);
        for (var a = 0; a < armNames.Count; a++)
        {
            arms.Add((armNames[a], armShares[a]));
        }

        return new ExperimentAnalysis(start, windowDays, control, arms, srm, results, alpha, Explain(control, srm, results, alpha));
    }

    private static LiftEstimate Compare(string metric, double[] control, double[] treatment, double alpha)
    {
        if (metric != "conversion")
        {
            return MeanTests.Welch(ArmSummary.Of(control), ArmSummary.Of(treatment), alpha);
        }

        long c = 0, t = 0;
        foreach (var v in control)
        {
            c += v > 0 ? 1 : 0;
        }

        foreach (var v in treatment)
        {
            t += v > 0 ? 1 : 0;
        }

        return MeanTests.TwoProportions(c, control.Length, t, treatment.Length, alpha);
    }

    private static double[] Values(double[] values, int[] armOf, int arm)
    {
        var count = 0;
        foreach (var a in armOf)
        {
            count += a == arm ? 1 : 0;
        }

        var selected = new double[count];
        var j = 0;
        for (var i = 0; i < armOf.Length; i++)
        {
            if (armOf[i] == arm)
            {
                selected[j++] = values[i];
            }
        }

        return selected;
    }

    // Control is the variant named "control" when there is one, else the first in file order; the others follow in file order.
    private static List<string> ArmOrder(IReadOnlyList<string> variants)
    {
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in variants)
        {
            if (seen.Add(v))
            {
                order.Add(v);
            }
        }

        var index = order.FindIndex(v => string.Equals(v, "control", StringComparison.OrdinalIgnoreCase));
        if (index > 0)
        {
            (order[0], order[index]) = (order[index], order[0]);
            var rest = order.GetRange(1, order.Count - 1);
            rest.Sort((a, b) => FirstSeen(variants, a).CompareTo(FirstSeen(variants, b)));
            order = [order[0], .. rest];
        }

        return order;
    }

    private static int FirstSeen(IReadOnlyList<string> variants, string name)
    {
        for (var i = 0; i < variants.Count; i++)
        {
            if (variants[i] == name)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static string Explain(string control, SampleRatioCheck srm, IReadOnlyList<MetricResult> results, double alpha)
    {
        var text = new StringBuilder();
        if (srm.Flag)
        {
            text.Append(CultureInfo.InvariantCulture, $"Sample ratio mismatch (p = {srm.PValue:G3}): the arms do not hold the designed shares, so assignment or exposure is broken and the lifts below are not to be trusted. ");
        }

        foreach (var r in results)
        {
            var e = r.Headline;
            var how = r.Cuped is null ? "" : " with CUPED";
            if (r.HolmPValue < alpha)
            {
                var direction = e.AbsoluteLift > 0 ? "raised" : "lowered";
                text.Append(CultureInfo.InvariantCulture,
                    $"{r.Treatment} {direction} {r.Metric} per customer by {Math.Abs(e.AbsoluteLift):G4} against {control} ({Relative(e.RelativeLift)}; {1 - alpha:P0} interval {e.CiLow:G4} to {e.CiHigh:G4}{how}; p = {r.HolmPValue:G3} after Holm). ");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"{r.Metric} ({r.Treatment}): no difference shown at the {alpha:P0} level (lift {e.AbsoluteLift:G4}, interval {e.CiLow:G4} to {e.CiHigh:G4}{how}; p = {r.HolmPValue:G3} after Holm). ");
            }
        }

        if (!srm.Flag)
        {
            text.Append("The arms hold their designed shares.");
        }

        return text.ToString().TrimEnd();
    }

    private static string Relative(double lift) =>
        double.IsFinite(lift) ? (lift >= 0 ? "+" : "") + lift.ToString("P1", CultureInfo.InvariantCulture) : "relative lift undefined";
}
