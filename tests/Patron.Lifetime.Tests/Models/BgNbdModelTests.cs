using Patron.Lifetime.Data;
using Patron.Lifetime.Models;

namespace Patron.Lifetime.Tests.Models;

public sealed class BgNbdModelTests
{
    // Source: Fader, Hardie & Lee (2005), "Counting your customers the easy way"; refit in CLVTools' correctness tests
    // (tests/data/reference/published-values.md).
    private static readonly BgNbdModel Published = new(0.2425945, 4.4136019, 0.7929199, 2.4258881);

    [Fact]
    public void Fit_CdnowSummary_MatchesPublishedParameters()
    {
        var summary = CustomerSummaryCsv.Read(SharedData.CdnowSummary, TimeUnit.Weeks);

        var model = BgNbdFitter.Fit(summary);

        Assert.True(Relative(model.R, 0.2425945) < 5e-4, $"r = {model.R}");
        Assert.True(Relative(model.Alpha, 4.4136019) < 5e-4, $"alpha = {model.Alpha}");
        Assert.True(Relative(model.A, 0.7929199) < 5e-4, $"a = {model.A}");
        Assert.True(Relative(model.B, 2.4258881) < 5e-4, $"b = {model.B}");
        Assert.NotNull(model.Fit);
        Assert.Equal(-9582.429, model.Fit.LogLikelihood, 0.01);
        Assert.All(model.Fit.StandardErrors, se => Assert.True(se > 0 && double.IsFinite(se)));
    }

    [Theory]
    [InlineData(0.1429, 0.0078)]
    [InlineData(1.0, 0.0532)]
    [InlineData(3.0, 0.1506)]
    [InlineData(31.8571, 1.0405)]
    [InlineData(32.0, 1.0437)]
    [InlineData(78.0, 1.8576)]
    public void ExpectedPurchases_PublishedParameters_MatchesPublished(double t, double expected)
    {
        // Source: FHL (2005) derived values, as listed in published-values.md: 1e-3 relative, or half a unit of the
        // fourth published decimal for the smallest values.
        var actual = Published.ExpectedPurchases(t);
        Assert.True(Math.Abs(actual - expected) <= Math.Max(1e-3 * expected, 5e-5), $"E[X({t})] = {actual}");
    }

    [Fact]
    public void ExpectedPurchases_LongHorizon_MatchesArbitraryPrecisionValue()
    {
        // Golden/lifetime_mpmath.py: mpmath.hyp2f1 at 50 digits gives 1.85795600911807 for t = 78 with the published parameters.
        Assert.Equal(1.85795600911807, Published.ExpectedPurchases(78), 1e-11);
    }

    [Fact]
    public void ConditionalExpectedPurchases_Customer1_MatchesPublished()
    {
        // Source: FHL (2005): x = 2, t_x = 30.43, T = 38.86, t = 39 gives 1.226.
        Assert.True(Relative(Published.ConditionalExpectedPurchases(39, 2, 30.43, 38.86), 1.226) < 1e-3);
    }

    [Fact]
    public void ProbabilityOfPurchases_PublishedCases_MatchToRelative1e3()
    {
        // Source: published-values.md, BG/NBD P(N(t) = n) with (0.243, 4.414, 0.793, 2.426).
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
        double[] expected = [0.0019995214, 0.0015170236, 0.0011633150, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.0002222260];
        Assert.True(Relative(model.ProbabilityOfPurchases(2, 10), 1.07869e-07) < 1e-3, $"{model.ProbabilityOfPurchases(2, 10)}");
        Assert.True(Relative(model.ProbabilityOfPurchases(39, 0), 0.5737864) < 1e-3);
        for (var n = 11; n <= 20; n++)
        {
            Assert.True(Relative(model.ProbabilityOfPurchases(30, n), expected[n - 11]) < 1e-3, $"n = {n}: {model.ProbabilityOfPurchases(30, n)}");
        }
    }

    [Fact]
    public void HeavyBuyer_PublishedParameters_MatchesPublishedCetAndPAlive()
    {
        // Source: published-values.md (x = 26, t_x = 30.85714, T = 31, 52 weeks; CLVTools/BTYD).
        Assert.True(Relative(Published.ConditionalExpectedPurchases(52, 26, 30.85714, 31), 25.75659) < 1e-3);
        Assert.True(Relative(Published.ProbabilityAlive(26, 30.85714, 31), 0.9688523) < 1e-3);
        Assert.True(Relative(Published.ExpectedPurchases(52), 1.444004) < 1e-3);
    }

    [Fact]
    public void LogLikelihood_StabilityCases_MatchHardieNote027()
    {
        // Source: published-values.md numerical-stability cases (Hardie's note 027 form).
        var model = new BgNbdModel(0.25, 4.0, 0.80, 2.50);
        Assert.Equal(-0.59947382, model.LogLikelihood(0, 0, 40), 1e-7);
        var heavy = model.LogLikelihood(200, 38, 40);
        Assert.True(double.IsFinite(heavy));
        Assert.True(Relative(heavy, 100.7957) < 1e-5, $"{heavy}");
    }

    internal static double Relative(double actual, double expected) => Math.Abs(actual - expected) / Math.Abs(expected);
}
