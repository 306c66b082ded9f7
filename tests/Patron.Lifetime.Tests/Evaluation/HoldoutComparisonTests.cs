using Patron.Lifetime.Data;
using Patron.Lifetime.Evaluation;
using Patron.Lifetime.Models;

namespace Patron.Lifetime.Tests.Evaluation;

public sealed class HoldoutComparisonTests
{
    [Fact]
    public void Compute_CdnowBgNbd_ReproducesFhlHoldoutTotals()
    {
        // FHL (2005): over the 39-week holdout the BG/NBD conditional expectations follow the actual purchases by calibration frequency
        // (their figure 4); in total they fall about 12 % short of the 1,882 actual repeat transactions.
        var log = TransactionLog.ReadCdnow(SharedData.CdnowSample);
        var summary = CustomerSummaryBuilder.Build(log, new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30), TimeUnit.Weeks);
        var model = BgNbdFitter.Fit(summary);

        var comparison = HoldoutComparison.Compute(model, summary);

        Assert.Equal(8, comparison.Buckets.Count);
        Assert.Equal("7+", comparison.Buckets[7].Label);
        Assert.Equal(summary.Count, comparison.Buckets.Sum(b => b.Customers));
        Assert.Equal(summary.Frequency.Count(x => x == 0), comparison.Buckets[0].Customers);
        Assert.True(comparison.ExpectedTotal / comparison.ActualTotal is > 0.8 and < 1.2, $"expected {comparison.ExpectedTotal}, actual {comparison.ActualTotal}");
        Assert.True(comparison.Correlation > 0.5);
        // Higher calibration frequency, more holdout purchases, in both columns.
        Assert.True(comparison.Buckets[7].ActualMean > comparison.Buckets[1].ActualMean);
        Assert.True(comparison.Buckets[7].ExpectedMean > comparison.Buckets[1].ExpectedMean);
    }

    [Fact]
    public void TrackingCurve_Cdnow_ExpectedFollowsActual()
    {
        var log = TransactionLog.ReadCdnow(SharedData.CdnowSample);
        var summary = CustomerSummaryBuilder.Build(log, new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30), TimeUnit.Weeks);
        var model = BgNbdFitter.Fit(summary);

        var curve = TrackingCurve.Compute(model, summary, 78, 1, log, new DateOnly(1997, 9, 30));

        Assert.Equal(79, curve.Times.Length);
        Assert.NotNull(curve.Actual);
        Assert.Equal(0.0, curve.Expected[0]);
        var last = curve.Times.Length - 1;
        Assert.InRange(curve.Expected[last] / curve.Actual[last], 0.9, 1.1);
        // At the end of calibration the expectation matches the fitted data almost exactly (FHL 2005, figure 3).
        var calibrationIndex = (int)Math.Floor(curve.CalibrationEnd);
        Assert.InRange(curve.Expected[calibrationIndex] / curve.Actual[calibrationIndex], 0.95, 1.05);
    }
}
