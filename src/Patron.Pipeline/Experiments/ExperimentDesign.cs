using Patron.DuckDb;
using Patron.Features.Experiments;
using Patron.Learning.Experiments;

namespace Patron.Pipeline.Experiments;

/// <summary>What an experiment on a segment needs: units per arm for a relative lift, or the lift its size can detect,
/// with and without CUPED, from the segment's own history before the cutoff.</summary>
/// <param name="Segment">The segment (or "all").</param>
/// <param name="Cutoff">The cutoff the segment is as of.</param>
/// <param name="HistoryCutoff">The cutoff whose segment members' next window is the history: the latest one at least a
/// window before <paramref name="Cutoff"/>, so the history shows what such customers did after being in the segment;
/// <paramref name="Cutoff"/> itself (members' last window before it) when gold holds no earlier cutoff.</param>
/// <param name="Metric">revenue, orders or conversion.</param>
/// <param name="WindowDays">The outcome window, also the length of the history and of the covariate period.</param>
/// <param name="Customers">Customers in the segment.</param>
/// <param name="Mean">Mean of the metric per customer over the history window.</param>
/// <param name="StdDev">Its standard deviation.</param>
/// <param name="Correlation">Multiple correlation R of the metric with the CUPED covariates (the metric over the window
/// before, and its lifetime feature at the latest cutoff on or before the history's start).</param>
/// <param name="VarianceReduction">The share of variance CUPED removes: R².</param>
/// <param name="RelativeMde">The relative lift to detect (0.05 = 5 %).</param>
/// <param name="Alpha">Two-sided significance level.</param>
/// <param name="Power">Power to reach.</param>
/// <param name="PerArm">Units per arm (50/50) for <paramref name="RelativeMde"/>.</param>
/// <param name="PerArmCuped">The same with CUPED.</param>
/// <param name="SegmentMde">Relative lift detectable when the whole segment is split 50/50.</param>
/// <param name="SegmentMdeCuped">The same with CUPED.</param>
public sealed record ExperimentDesign(
    string Segment, DateOnly Cutoff, DateOnly HistoryCutoff, string Metric, int WindowDays, long Customers, double Mean, double StdDev, double Correlation,
    double VarianceReduction, double RelativeMde, double Alpha, double Power, double PerArm, double PerArmCuped, double SegmentMde, double SegmentMdeCuped)
{
    /// <summary>Designs from the warehouse's gold segments and silver orders.</summary>
    public static ExperimentDesign Compute(DuckDbConnection connection, string segment, string metric, int windowDays, double relativeMde, double alpha, double power, DateOnly? cutoff = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var asOf = cutoff ?? ExperimentPopulation.LatestCutoff(connection)
            ?? throw new InvalidOperationException("The warehouse has no customer features yet: run 'patron features --cutoff DATE' (or 'patron run') first.");
        var population = ExperimentPopulation.Load(connection, asOf, segment);
        if (population.Ids.Length < 4)
        {
            throw new InvalidOperationException(ExperimentPopulation.TooSmall(connection, asOf, segment, population.Ids.Length, 4));
        }

        // The segment's members a window earlier and what they did over the next window: an "at risk" customer's
        // last window before becoming at risk is empty by definition, so its own past would say nothing.
        var historyCutoff = asOf;
        var historyIds = population.Ids;
        var earlier = ExperimentPopulation.Cutoffs(connection).Where(c => c.AddDays(windowDays) <= asOf).DefaultIfEmpty().Max();
        if (earlier != default)
        {
            var before = ExperimentPopulation.Load(connection, earlier, segment);
            if (before.Ids.Length >= 4)
            {
                historyCutoff = earlier;
                historyIds = before.Ids;
            }
        }

        var historyStart = historyCutoff == asOf ? asOf.AddDays(-windowDays) : historyCutoff;
        var history = ExperimentOutcomes.Read(connection, historyIds, historyStart, windowDays);
        var y = history.Metric(metric, history.LookDays.Length - 1);
        var summary = ArmSummary.Of(y);
        var sd = Math.Sqrt(summary.Variance);
        var (_, reduction) = Cuped.Adjust(y, ExperimentCovariates.For(connection, history, historyIds, metric));
        var rho = Math.Sqrt(Math.Clamp(reduction, 0, 1));
        var effect = relativeMde * Math.Abs(summary.Mean);
        double perArm = double.NaN, perArmCuped = double.NaN;
        if (effect > 0 && sd > 0)
        {
            perArm = Math.Ceiling(PowerAnalysis.SampleSize(effect / sd, alpha, power));
            perArmCuped = Math.Ceiling(PowerAnalysis.SampleSize(effect / (sd * Math.Sqrt(1 - reduction)), alpha, power));
        }

        double segmentMde = double.NaN, segmentMdeCuped = double.NaN;
        if (summary.Mean != 0 && sd > 0)
        {
            var d = PowerAnalysis.MinimumDetectableEffect(population.Ids.Length / 2.0, alpha, power);
            segmentMde = d * sd / Math.Abs(summary.Mean);
            segmentMdeCuped = d * sd * Math.Sqrt(1 - reduction) / Math.Abs(summary.Mean);
        }

        return new ExperimentDesign(segment, asOf, historyCutoff, metric, windowDays, population.Ids.Length, summary.Mean, sd, rho, reduction,
            relativeMde, alpha, power, perArm, perArmCuped, segmentMde, segmentMdeCuped);
    }
}
