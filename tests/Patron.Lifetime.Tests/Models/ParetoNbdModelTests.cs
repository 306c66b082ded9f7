using Patron.Lifetime.Data;
using Patron.Lifetime.Models;

namespace Patron.Lifetime.Tests.Models;

public sealed class ParetoNbdModelTests
{
    // Source: Schmittlein, Morrison & Colombo (1987) model; values as in Fader, Hardie & Lee (2005) and CLVTools
    // (tests/data/reference/published-values.md).
    private static readonly ParetoNbdModel Published = new(0.55315, 10.57633, 0.60625, 11.67150);

    [Fact]
    public void Fit_CdnowSummary_MatchesPublishedParametersAndStandardErrors()
    {
        var summary = CustomerSummaryCsv.Read(SharedData.CdnowSummary, TimeUnit.Weeks);

        var model = ParetoNbdFitter.Fit(summary);

        Assert.True(Relative(model.R, 0.55315) < 5e-4, $"r = {model.R}");
        Assert.True(Relative(model.Alpha, 10.57633) < 5e-4, $"alpha = {model.Alpha}");
        Assert.True(Relative(model.S, 0.60625) < 5e-4, $"s = {model.S}");
        Assert.True(Relative(model.Beta, 11.67150) < 5e-4, $"beta = {model.Beta}");
        Assert.NotNull(model.Fit);
        Assert.Equal(-9594.976, model.Fit.LogLikelihood, 0.01);
        double[] se = [0.0476, 0.8427, 0.1873, 6.2105];
        for (var i = 0; i < 4; i++)
        {
            Golden.AssertSignificant(se[i], model.Fit.StandardErrors[i]);
        }
    }

    [Fact]
    public void ExpectedPurchases_FirstTenWeeks_MatchPublished()
    {
        // Source: published-values.md, Pareto/NBD E[X(t)] for t = 0..9 weeks. These numbers come from the lifetimes
        // package's test, which computes them with its own CDNOW fit and compares at 0.01 absolute; with the published
        // parameters the closed form rβ/(α(s−1))[1 − (β/(β+t))^(s−1)] differs from them by up to 0.0023 (0.6 %), while it
        // reproduces the published E[X(52)] = 1.473434 to 3e-5. Hence the absolute tolerance here.
        double[] expected = [0, 0.05077821, 0.09916088, 0.14542507, 0.18979930, 0.23247466, 0.27361274, 0.31335159, 0.35181024, 0.38909211];
        Assert.Equal(0.0, Published.ExpectedPurchases(0));
        for (var t = 1; t < 10; t++)
        {
            Assert.True(Math.Abs(Published.ExpectedPurchases(t) - expected[t]) < 0.005, $"t = {t}: {Published.ExpectedPurchases(t)}");
        }
    }

    [Fact]
    public void HeavyBuyer_PublishedParameters_MatchesPublishedCetAndPAlive()
    {
        // Source: published-values.md (x = 26, t_x = 30.85714, T = 31, 52 weeks; CLVTools/BTYD).
        Assert.True(Relative(Published.ConditionalExpectedPurchases(52, 26, 30.85714, 31), 25.45647) < 1e-3,
            $"{Published.ConditionalExpectedPurchases(52, 26, 30.85714, 31)}");
        Assert.True(Relative(Published.ProbabilityAlive(26, 30.85714, 31), 0.997874) < 1e-3, $"{Published.ProbabilityAlive(26, 30.85714, 31)}");
        Assert.True(Relative(Published.ExpectedPurchases(52), 1.473434) < 1e-3);
    }

    [Theory]
    [InlineData(26, 30.85714, 31.0, -39.13033457542985, 0.9978734602402821)]
    [InlineData(2, 30.43, 38.86, -9.554361447053978, 0.869121571145287)]
    [InlineData(0, 0.0, 38.86, -0.5211616531846644, 0.2951534283137148)]
    public void LogLikelihood_PublishedParameters_MatchesArbitraryPrecision(int x, double tx, double age, double ll, double alive)
    {
        // Golden/lifetime_mpmath.py: mpmath.hyp2f1 at 50 digits on the BTYD form of the likelihood.
        Assert.Equal(ll, Published.LogLikelihood(x, tx, age), 1e-10);
        Assert.Equal(alive, Published.ProbabilityAlive(x, tx, age), 1e-10);
    }

    [Theory]
    [InlineData(132, 6.20605)]
    [InlineData(133, 6.25287)]
    public void ConditionalExpectedPurchases_ManyPurchases_MatchesPublished(int x, double expected)
    {
        // Source: published-values.md numerical-stability cases.
        var model = new ParetoNbdModel(0.55, 10.58, 0.61, 11.67);
        Assert.True(Relative(model.ConditionalExpectedPurchases(10, x, 200, 200), expected) < 1e-3, $"{model.ConditionalExpectedPurchases(10, x, 200, 200)}");
    }

    [Theory]
    [InlineData(40, 5.0, 6.0)]
    [InlineData(50, 1.0, 37.0)]
    [InlineData(50, 4.0, 37.0)]
    public void ProbabilityAlive_ExtremeParameters_IsFiniteProbability(int x, double tx, double age)
    {
        // Source: published-values.md numerical-stability cases (parameters that overflow naive implementations).
        var model = new ParetoNbdModel(10.465, 0.00798565181, 3.0516, 2.820);
        var p = model.ProbabilityAlive(x, tx, age);
        Assert.True(p is >= 0.0 and <= 1.0, $"{p}");
        Assert.True(double.IsFinite(model.ConditionalExpectedPurchases(10, x, tx, age)));
    }

    [Theory]
    [InlineData(221, 103.42857, 103.57143)]
    [InlineData(254, 97.14286, 97.28571)]
    [InlineData(161, 94.71429, 98.0)]
    [InlineData(204, 98.57143, 99.42857)]
    public void ProbabilityAlive_HeavyBuyers_IsFinite(int x, double tx, double age)
    {
        // Source: published-values.md numerical-stability cases.
        var model = new ParetoNbdModel(0.5143, 2.8845, 0.2856, 14.1087);
        var p = model.ProbabilityAlive(x, tx, age);
        Assert.True(p is >= 0.0 and <= 1.0, $"{p}");
        Assert.True(double.IsFinite(model.LogLikelihood(x, tx, age)));
    }

    private static double Relative(double actual, double expected) => BgNbdModelTests.Relative(actual, expected);
}
