using Patron.DuckDb;
using Patron.Features.Experiments;
using Patron.Learning.Experiments;

namespace Patron.Pipeline.Experiments;

/// <summary>What an experiment on a segment needs: units per arm for a relative lift, or the lift its size can detect,
/// with and without CUPED, from the segment's own history before the cutoff.</summary>
/// <param name="Segment">The segment (or "all").</param>
/// <param name="Cutoff">The cutoff the segment is as of; the history is the window just before it.</param>
/// <param name="Metric">revenue, orders or conversion.</param>
/// <param name="WindowDays">The outcome window, also the length of the history and of the covariate period.</param>
/// <param name="Customers">Customers in the segment.</param>
/// <param name="Mean">Mean of the metric per customer over the last window before the cutoff.</param>
/// <param name="StdDev">Its standard deviation.</param>
/// <param name="Correlation">Correlation with the same metric over the window before (the CUPED covariate).</param>
/// <param name="VarianceReduction">The share of variance CUPED removes: ρ².</param>
/// <param name="RelativeMde">The relative lift to detect (0.05 = 5 %).</param>
/// <param name="Alpha">Two-sided significance level.</param>
/// <param name="Power">Power to reach.</param>
/// <param name="PerArm">Units per arm (50/50) for <paramref name="RelativeMde"/>.</param>
/// <param name="PerArmCuped">The same with CUPED.</param>
/// <param name="SegmentMde">Relative lift detectable when the whole segment is split 50/50.</param>
/// <param name="SegmentMdeCuped">The same with CUPED.</param>
public sealed record ExperimentDesign(
    string Segment, DateOnly Cutoff, string Metric, int WindowDays, long Customers, double Mean, double StdDev, double Correlation,
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
            throw new InvalidOperationException($"Segment '{segment}' has {population.Ids.Length} customer(s) at {asOf:yyyy-MM-dd}; an experiment needs more.");
        }

        var history = ExperimentOutcomes.Read(connection, population.Ids, asOf.AddDays(-windowDays), windowDays);
        var y = history.Metric(metric, history.LookDays.Length - 1);
        var x = history.Covariate(metric);
        var summary = ArmSummary.Of(y);
        var sd = Math.Sqrt(summary.Variance);
        var rho = PearsonCorrelation(y, x);
        var reduction = rho * rho;
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

        return new ExperimentDesign(segment, asOf, metric, windowDays, population.Ids.Length, summary.Mean, sd, rho, reduction,
            relativeMde, alpha, power, perArm, perArmCuped, segmentMde, segmentMdeCuped);
    }

    private static double PearsonCorrelation(double[] y, double[] x)
    {
        double my = 0, mx = 0;
        for (var i = 0; i < y.Length; i++)
        {
            my += y[i];
            mx += x[i];
        }

        my /= y.Length;
        mx /= y.Length;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < y.Length; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 0;
    }
}
