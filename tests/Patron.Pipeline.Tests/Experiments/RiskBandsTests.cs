using Patron.Learning.Experiments;
using Patron.Pipeline.Experiments;

namespace Patron.Pipeline.Tests.Experiments;

public sealed class RiskBandsTests
{
    [Fact]
    public void Assign_StrataWithRiskBands_ArmsBalancedWithinEachBand()
    {
        var bands = RiskBands.Read(TestData.File("runs", "demo-400"));
        var ids = bands.Keys.Order(StringComparer.Ordinal).ToArray();
        // Two segments that cut across the bands, so a band is spread over several strata.
        var segments = ids.Select((_, i) => i % 3 == 0 ? "Loyal" : "At risk").ToArray();
        var strata = RiskBands.Strata(ids, segments, bands);
        var arms = HashAssignment.Assign(ids, strata, [1, 1], 11);

        Assert.Equal(["high", "low", "medium"], bands.Values.Distinct().Order(StringComparer.Ordinal).ToArray());
        foreach (var band in bands.Values.Distinct())
        {
            var inBand = Enumerable.Range(0, ids.Length).Where(i => bands[ids[i]] == band).ToArray();
            var treated = inBand.Count(i => arms[i] == 1);
            // Within one customer per stratum: two segments in each band.
            Assert.InRange(treated - (inBand.Length - treated), -2, 2);
        }

        // Without bands, the strata are the segments alone.
        Assert.Equal(segments, RiskBands.Strata(ids, segments, null));
    }

    [Fact]
    public void Strata_CustomerWithoutPrediction_GetsTheUnscoredBand()
    {
        var strata = RiskBands.Strata(["a", "b"], ["S", "S"], new Dictionary<string, string> { ["a"] = "high" });
        Assert.Equal(["S | high", "S | " + RiskBands.Unscored], strata);
    }

    [Fact]
    public void Read_FolderWithoutPredictions_FailsNamingIt()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<FileNotFoundException>(() => RiskBands.Read(folder.Path));
        Assert.Contains("predictions.csv", error.Message, StringComparison.Ordinal);
    }
}
