using System.Text.Json;
using Patron.Learning.Drift;

namespace Patron.Learning.Tests.Drift;

public sealed class DriftGoldenTests
{
    // Expected values: SciPy 1.10.1 (Debian python3-scipy) ks_2samp(method='auto'), wasserstein_distance,
    // chi2_contingency(correction=False) and spatial.distance.jensenshannon(base=2), written by
    // Drift/make_drift_golden.py into Drift/drift_golden.json.
    private const double Identical = 1e-12;

    public static TheoryData<string> KsCases() => ["equal_small", "unequal_small", "ties", "exact_largest", "asymptotic_drift",
        "asymptotic_same", "asymptotic_small_side", "asymptotic_tiny_side"];

    [Theory]
    [MemberData(nameof(KsCases))]
    public void KolmogorovSmirnovAndWasserstein_GeneratedSamples_EqualScipy(string name)
    {
        var expected = Case(name);
        var reference = Sample(expected.GetProperty("reference"));
        var current = Sample(expected.GetProperty("current"));
        Array.Sort(reference);
        Array.Sort(current);

        var ks = TwoSampleStatistics.KolmogorovSmirnov(reference, current);

        Assert.Equal(expected.GetProperty("statistic").GetDouble(), ks.Statistic, Identical);
        AssertRelative(expected.GetProperty("p_value").GetDouble(), ks.PValue, 1e-9);
        Assert.Equal(Math.Max(reference.Length, current.Length) <= TwoSampleStatistics.ExactKsMaxRows, ks.Exact);
        AssertRelative(expected.GetProperty("wasserstein").GetDouble(), TwoSampleStatistics.Wasserstein(reference, current), 1e-12);
    }

    [Fact]
    public void KolmogorovSmirnov_NearIdenticalLargeSamples_EqualsScipyDurbinBranch()
    {
        var expected = Case("durbin_branch");
        var reference = GoldenSamples.Make(17, 200_000, "sum3", 0.0, 1.0);
        Array.Sort(reference);
        var current = (double[])reference.Clone();
        Array.Fill(current, 5.0, 0, 60);
        Array.Sort(current);

        var ks = TwoSampleStatistics.KolmogorovSmirnov(reference, current);

        Assert.Equal(expected.GetProperty("statistic").GetDouble(), ks.Statistic, Identical);
        AssertRelative(expected.GetProperty("p_value").GetDouble(), ks.PValue, 1e-9);
        AssertRelative(expected.GetProperty("wasserstein").GetDouble(), TwoSampleStatistics.Wasserstein(reference, current), 1e-12);
    }

    [Fact]
    public void ChiSquaredAndJensenShannon_CountTables_EqualScipy()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf()));
        var chi = document.RootElement.GetProperty("chi_squared");
        var js = document.RootElement.GetProperty("jensen_shannon");
        for (var i = 0; i < chi.GetArrayLength(); i++)
        {
            var reference = Counts(chi[i].GetProperty("reference"));
            var current = Counts(chi[i].GetProperty("current"));

            var result = TwoSampleStatistics.ChiSquared(reference, current);

            Assert.Equal(chi[i].GetProperty("statistic").GetDouble(), result.Statistic, 1e-10);
            Assert.Equal(chi[i].GetProperty("degrees").GetInt32(), result.Degrees);
            AssertRelative(chi[i].GetProperty("p_value").GetDouble(), result.PValue, 1e-10);
            Assert.Equal(js[i].GetProperty("distance").GetDouble(), TwoSampleStatistics.JensenShannon(reference, current), Identical);
        }
    }

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(Math.Abs(expected), 1e-300),
            $"expected {expected:R}, got {actual:R} (relative tolerance {tolerance})");

    private static string PathOf() => Path.Combine(AppContext.BaseDirectory, "Drift", "drift_golden.json");

    private static JsonElement Case(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf()));
        foreach (var item in document.RootElement.GetProperty("ks").EnumerateArray())
        {
            if (item.GetProperty("name").GetString() == name)
            {
                return item.Clone();
            }
        }

        throw new KeyNotFoundException(name);
    }

    private static double[] Sample(JsonElement spec) => GoldenSamples.Make(
        spec[0].GetUInt64(), spec[1].GetInt32(), spec[2].GetString()!, spec[3].GetDouble(), spec[4].GetDouble());

    private static long[] Counts(JsonElement array)
    {
        var counts = new long[array.GetArrayLength()];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = array[i].GetInt64();
        }

        return counts;
    }
}
