using Patron.Learning.Campaigns;

namespace Patron.Learning.Tests.Campaigns;

public sealed class CampaignLiftTests
{
    private static readonly DateOnly Monday = new(2026, 1, 5);

    [Fact]
    public void Estimate_SmallSeries_MatchesScipyComputation()
    {
        // Golden/make_campaign_lift_golden.py: the same estimator with numpy and scipy.stats.t.ppf (SciPy 1.10).
        var revenue = new double[84];
        for (var i = 0; i < revenue.Length; i++)
        {
            revenue[i] = 100 + 10 * (i % 7) + (i * 37 % 11) - 5;
        }

        var campaign = new CampaignWindow("spring", new DateOnly(2026, 3, 16), new DateOnly(2026, 3, 25));
        for (var d = campaign.Start; d <= campaign.End; d = d.AddDays(1))
        {
            revenue[d.DayNumber - Monday.DayNumber] += 20;
        }

        var e = Assert.Single(CampaignLift.Estimate(Monday, revenue, [campaign]));
        Assert.Null(e.Note);
        Assert.Equal(10, e.Days);
        Assert.Equal(56, e.BaselineDays);
        Assert.Equal(144.4, e.ObservedMean, 1e-9);
        Assert.Equal(123.925, e.ExpectedMean, 1e-9);
        Assert.Equal(20.47500000000001, e.DailyLift, 1e-9);
        Assert.Equal(1.1655777230933289, e.StandardError, 1e-9);
        Assert.Equal(49, e.DegreesOfFreedom);
        Assert.Equal(18.132683873799333, e.DailyLow, 1e-7);
        Assert.Equal(22.817316126200684, e.DailyHigh, 1e-7);
        Assert.Equal(204.75, e.TotalLift, 1e-7);
    }

    [Fact]
    public void Estimate_InjectedLift_RecoveredWithinItsInterval()
    {
        var covered = 0;
        const int Runs = 200;
        for (var seed = 0; seed < Runs; seed++)
        {
            var random = new Random(seed);
            var revenue = Series(random, 200);
            var start = Monday.AddDays(100 + random.Next(60));
            var campaign = new CampaignWindow("sale", start, start.AddDays(6 + random.Next(8)));
            const double Lift = 150;
            for (var d = campaign.Start; d <= campaign.End; d = d.AddDays(1))
            {
                revenue[d.DayNumber - Monday.DayNumber] += Lift;
            }

            var e = Assert.Single(CampaignLift.Estimate(Monday, revenue, [campaign]));
            Assert.True(e.DailyLow > 0, $"seed {seed}: a lift of 150 a day against noise of 60 must be detected, got [{e.DailyLow}, {e.DailyHigh}]");
            covered += e.DailyLow <= Lift && Lift <= e.DailyHigh ? 1 : 0;
            Assert.InRange(e.DailyLift, Lift - 100, Lift + 100);
        }

        Assert.InRange(covered / (double)Runs, 0.90, 0.99);
    }

    [Fact]
    public void Estimate_NoCampaignEffect_IntervalsCoverZeroAtTheNominalRate()
    {
        // 2,000 series of weekday levels plus Gaussian noise without any effect: the 95 % interval must cover zero in
        // 95 % of them (binomial standard deviation 0.5 %, so 93.5-96.5 % is three of them).
        const int Runs = 2000;
        var covered = 0;
        var coveredNinety = 0;
        for (var seed = 0; seed < Runs; seed++)
        {
            var random = new Random(1000 + seed);
            var revenue = Series(random, 150);
            var start = Monday.AddDays(70 + random.Next(60));
            var length = 1 + random.Next(21);
            var campaign = new CampaignWindow("none", start, start.AddDays(length - 1));
            var e = Assert.Single(CampaignLift.Estimate(Monday, revenue, [campaign]));
            covered += e.DailyLow <= 0 && 0 <= e.DailyHigh ? 1 : 0;
            var ninety = Assert.Single(CampaignLift.Estimate(Monday, revenue, [campaign], new CampaignLiftOptions { Confidence = 0.9 }));
            coveredNinety += ninety.DailyLow <= 0 && 0 <= ninety.DailyHigh ? 1 : 0;
        }

        Assert.InRange(covered / (double)Runs, 0.935, 0.965);
        Assert.InRange(coveredNinety / (double)Runs, 0.88, 0.92);
    }

    [Fact]
    public void Estimate_OtherCampaignDays_LeftOutOfTheBaseline()
    {
        var revenue = new double[120];
        for (var i = 0; i < revenue.Length; i++)
        {
            revenue[i] = 100 + (i * 13 % 7);
        }

        // An earlier campaign doubles its days; left in the baseline it would make the later one look like a loss.
        var early = new CampaignWindow("early", Monday.AddDays(70), Monday.AddDays(83));
        var late = new CampaignWindow("late", Monday.AddDays(91), Monday.AddDays(97));
        for (var d = 70; d <= 83; d++)
        {
            revenue[d] *= 2;
        }

        var estimates = CampaignLift.Estimate(Monday, revenue, [early, late]);
        Assert.Equal(2, estimates.Count);
        Assert.Equal(0, estimates[1].DailyLift, 1e-9);
        Assert.Equal(56, estimates[1].BaselineDays);
        Assert.True(estimates[0].DailyLift > 90);
    }

    [Fact]
    public void Estimate_TooFewWeeksOrOutsideTheData_NoEstimateAndTheReason()
    {
        var revenue = new double[60];
        Array.Fill(revenue, 10.0);
        var estimates = CampaignLift.Estimate(Monday, revenue,
        [
            new CampaignWindow("too early", Monday.AddDays(20), Monday.AddDays(22)),
            new CampaignWindow("after the data", Monday.AddDays(70), Monday.AddDays(75)),
            new CampaignWindow("backwards", Monday.AddDays(40), Monday.AddDays(39)),
            new CampaignWindow("before the data", Monday.AddDays(-3), Monday.AddDays(2)),
        ]);
        Assert.Contains("Mondays", estimates[0].Note, StringComparison.Ordinal);
        Assert.Contains("at least 4", estimates[0].Note, StringComparison.Ordinal);
        Assert.True(double.IsNaN(estimates[0].DailyLift));
        Assert.Contains("no day of the campaign", estimates[1].Note, StringComparison.Ordinal);
        Assert.Contains("ends before it starts", estimates[2].Note, StringComparison.Ordinal);
        Assert.Contains("starts before the daily revenue", estimates[3].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_CampaignPastTheData_UsesTheDaysInTheData()
    {
        var revenue = new double[70];
        for (var i = 0; i < revenue.Length; i++)
        {
            revenue[i] = 50 + (i % 7) + (i >= 63 ? 30 : 0) + (i * 5 % 3);
        }

        var e = Assert.Single(CampaignLift.Estimate(Monday, revenue, [new CampaignWindow("open", Monday.AddDays(63), Monday.AddDays(90))]));
        Assert.Equal(7, e.Days);
        Assert.InRange(e.DailyLift, 28, 32);
    }

    /// <summary>Revenue per day: a level of 1,000, weekday effects and Gaussian noise (sd 60).</summary>
    private static double[] Series(Random random, int days)
    {
        double[] weekday = [0, -40, -20, 10, 80, 160, 120];
        var revenue = new double[days];
        for (var i = 0; i < days; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var noise = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            revenue[i] = 1000 + weekday[i % 7] + 60 * noise;
        }

        return revenue;
    }
}
