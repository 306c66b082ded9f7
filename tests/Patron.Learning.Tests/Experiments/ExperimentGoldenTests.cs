using System.Text.Json;
using Patron.Learning.Experiments;
using Patron.Learning.Statistics;
using Patron.Learning.Tests.Golden;

namespace Patron.Learning.Tests.Experiments;

/// <summary>
/// The experiment statistics against SciPy 1.10 and statsmodels 0.13.5 (Golden/make_experiments_golden.py wrote the
/// values): Welch's t, the two-proportion z test and its Wald interval, NormalIndPower's sample size and detectable
/// effect, Pearson's chi-squared for sample-ratio mismatch, Holm's correction, and the distribution functions under them.
/// </summary>
public sealed class ExperimentGoldenTests
{
    private static JsonElement Golden(string section)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenFiles.PathOf("experiments_golden.json")));
        return document.RootElement.GetProperty(section).Clone();
    }

    private static double[] Numbers(JsonElement array)
    {
        var values = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            values[i++] = item.GetDouble();
        }

        return values;
    }

    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1e-300, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    [Fact]
    public void Welch_ScipyTtestIndUnequalVariances_SameStatisticDegreesPValueAndInterval()
    {
        foreach (var case_ in Golden("welch").EnumerateArray())
        {
            var control = ArmSummary.Of(Numbers(case_.GetProperty("control")));
            var treatment = ArmSummary.Of(Numbers(case_.GetProperty("treatment")));

            var result = MeanTests.Welch(control, treatment);

            Close(case_.GetProperty("t").GetDouble(), result.Statistic, 1e-10, "t");
            Close(case_.GetProperty("df").GetDouble(), result.DegreesOfFreedom, 1e-10, "df");
            Close(case_.GetProperty("p").GetDouble(), result.PValue, 1e-8, "p");
            Close(case_.GetProperty("ci_low").GetDouble(), result.CiLow, 1e-9, "ci_low");
            Close(case_.GetProperty("ci_high").GetDouble(), result.CiHigh, 1e-9, "ci_high");
        }
    }

    [Fact]
    public void TwoProportions_StatsmodelsZtestAndWaldInterval_Same()
    {
        foreach (var c in Golden("proportions").EnumerateArray())
        {
            var result = MeanTests.TwoProportions(
                c.GetProperty("control_conversions").GetInt64(), c.GetProperty("control_count").GetInt64(),
                c.GetProperty("treatment_conversions").GetInt64(), c.GetProperty("treatment_count").GetInt64());

            Close(c.GetProperty("z").GetDouble(), result.Statistic, 1e-10, "z");
            Close(c.GetProperty("p").GetDouble(), result.PValue, 1e-8, "p");
            Close(c.GetProperty("ci_low").GetDouble(), result.CiLow, 1e-9, "ci_low");
            Close(c.GetProperty("ci_high").GetDouble(), result.CiHigh, 1e-9, "ci_high");
        }
    }

    [Fact]
    public void SampleSize_StatsmodelsNormalIndPower_Same()
    {
        foreach (var c in Golden("power").EnumerateArray())
        {
            var n = PowerAnalysis.SampleSize(c.GetProperty("effect").GetDouble(), c.GetProperty("alpha").GetDouble(), c.GetProperty("power").GetDouble(), c.GetProperty("ratio").GetDouble());

            Close(c.GetProperty("nobs1").GetDouble(), n, 1e-6, "nobs1");
        }
    }

    [Fact]
    public void MinimumDetectableEffect_StatsmodelsNormalIndPower_Same()
    {
        foreach (var c in Golden("mde").EnumerateArray())
        {
            var d = PowerAnalysis.MinimumDetectableEffect(c.GetProperty("nobs1").GetDouble(), c.GetProperty("alpha").GetDouble(), c.GetProperty("power").GetDouble(), c.GetProperty("ratio").GetDouble());

            Close(c.GetProperty("effect_exact").GetDouble(), d, 1e-9, "effect (exact root)");
            Close(c.GetProperty("effect").GetDouble(), d, 1e-4, "effect (solve_power)");
        }
    }

    [Fact]
    public void SampleRatio_ScipyChisquare_SameStatisticAndPValue()
    {
        foreach (var c in Golden("srm").EnumerateArray())
        {
            var observed = Numbers(c.GetProperty("observed")).Select(v => (long)v).ToArray();

            var result = SampleRatioCheck.Test(observed, Numbers(c.GetProperty("shares")));

            Close(c.GetProperty("statistic").GetDouble(), result.Statistic, 1e-10, "statistic");
            Close(c.GetProperty("p").GetDouble(), result.PValue, 1e-8, "p");
        }
    }

    [Fact]
    public void Holm_StatsmodelsMultipletests_Same()
    {
        var holm = Golden("holm");

        var adjusted = HolmCorrection.Adjust(Numbers(holm.GetProperty("p")));

        Assert.Equal(Numbers(holm.GetProperty("adjusted")), adjusted, (a, b) => Math.Abs(a - b) < 1e-15);
    }

    [Fact]
    public void Distributions_Scipy_Same()
    {
        foreach (var c in Golden("normal").EnumerateArray())
        {
            Close(c.GetProperty("cdf").GetDouble(), Normal.Cdf(c.GetProperty("x").GetDouble()), 1e-12, "normal cdf");
        }

        foreach (var c in Golden("normal_quantile").EnumerateArray())
        {
            Close(c.GetProperty("x").GetDouble(), Normal.Quantile(c.GetProperty("p").GetDouble()), 1e-12, "normal quantile");
        }

        foreach (var c in Golden("t").EnumerateArray())
        {
            double t = c.GetProperty("t").GetDouble(), df = c.GetProperty("df").GetDouble();
            Close(c.GetProperty("cdf").GetDouble(), StudentT.Cdf(t, df), 1e-11, "t cdf");
            Close(c.GetProperty("ppf975").GetDouble(), StudentT.Quantile(0.975, df), 1e-9, "t quantile");
        }

        foreach (var c in Golden("chi2").EnumerateArray())
        {
            Close(c.GetProperty("sf").GetDouble(), ChiSquared.Survival(c.GetProperty("x").GetDouble(), c.GetProperty("df").GetDouble()), 1e-11, "chi2 sf");
        }
    }
}
