using System.Text.Json;
using Patron.Learning.Tests.Golden;
using Patron.Learning.Uplift;

namespace Patron.Learning.Tests.Uplift;

public sealed class UpliftCurvesTests
{
    // Six customers by hand: scores 0.9, 0.8, 0.8 (a tie: one step), 0.5, 0.3, 0.1; arms T C T C T C; outcomes 10 2 6 4 0 8.
    private static readonly double[] Score = [0.9, 0.8, 0.8, 0.5, 0.3, 0.1];
    private static readonly bool[] Treated = [true, false, true, false, true, false];
    private static readonly double[] Outcome = [10, 2, 6, 4, 0, 8];

    [Fact]
    public void Qini_HandExample_MatchesTheWorkedValues()
    {
        var curve = UpliftCurves.Qini(Outcome, Treated, Score);

        // After 3: Y_t = 16, n_t = 2, Y_c = 2, n_c = 1 → 16 − 2·2/1 = 12; after 5: 16 − 6·3/2 = 7; after 6: 16 − 14 = 2.
        Assert.Equal([0, 1, 3, 4, 5, 6], curve.Counts);
        Assert.Equal([0, 10, 12, 10, 7, 2], curve.Values);
        // Trapezoids 5 + 22 + 11 + 8.5 + 4.5 = 51 over 6² customers; random: 2 / 6 / 2.
        Assert.Equal(51.0 / 36, curve.Area(), 12);
        Assert.Equal(2.0 / 12, curve.RandomArea(), 12);
    }

    [Fact]
    public void Uplift_HandExample_MatchesTheWorkedValues()
    {
        var curve = UpliftCurves.Uplift(Outcome, Treated, Score);

        // After 5: (16/3 − 6/2) · 5; after 6: (16/3 − 14/3) · 6 = 4.
        Assert.Equal([0, 1, 3, 4, 5, 6], curve.Counts);
        double[] expected = [0, 10, 18, 20, (16.0 / 3 - 3) * 5, 4];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], curve.Values[i], 12);
        }

        Assert.Equal((5 + 28 + 19 + (20 + expected[4]) / 2 + (expected[4] + 4) / 2) / 36, curve.Area(), 12);
    }

    [Fact]
    public void UpliftAtK_HandExample_ComparesTheTopGroupsMeans()
    {
        // Top half: customers 0, 1, 2 → treated mean (10 + 6) / 2 = 8, control mean 2.
        Assert.Equal(6, UpliftCurves.UpliftAtK(Outcome, Treated, Score, 0.5), 12);
        // Top 10 %: one customer, treated only: no control to compare with.
        Assert.True(double.IsNaN(UpliftCurves.UpliftAtK(Outcome, Treated, Score, 0.1)));
        Assert.Equal(16.0 / 3 - 14.0 / 3, UpliftCurves.UpliftAtK(Outcome, Treated, Score, 1.0), 12);
    }

    /// <summary>Against scikit-uplift's definitions as written out by Golden/make_uplift_golden.py (numpy and
    /// scikit-learn's trapezoid auc), on a binary, a revenue-like and a tiny sample, all with tied scores.</summary>
    [Fact]
    public void Curves_ReferenceCases_MatchTheScikitUpliftDefinitions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(GoldenFiles.PathOf("uplift_golden.json")));
        foreach (var c in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var y = GoldenFiles.Array(c.GetProperty("outcome"));
            var t = GoldenFiles.Array(c.GetProperty("treated")).Select(v => v == 1).ToArray();
            var s = GoldenFiles.Array(c.GetProperty("score"));
            var qini = UpliftCurves.Qini(y, t, s);
            var uplift = UpliftCurves.Uplift(y, t, s);
            Assert.Equal(GoldenFiles.Array(c.GetProperty("counts")), qini.Counts.Select(v => (double)v).ToArray());
            Close(GoldenFiles.Array(c.GetProperty("qini")), qini.Values);
            Close(GoldenFiles.Array(c.GetProperty("uplift")), uplift.Values);
            Assert.Equal(c.GetProperty("qini_area").GetDouble(), qini.Area(), 10);
            Assert.Equal(c.GetProperty("auuc").GetDouble(), uplift.Area(), 10);
            foreach (var k in c.GetProperty("uplift_at_k").EnumerateObject())
            {
                var actual = UpliftCurves.UpliftAtK(y, t, s, double.Parse(k.Name, System.Globalization.CultureInfo.InvariantCulture));
                if (k.Value.ValueKind == JsonValueKind.Null)
                {
                    Assert.True(double.IsNaN(actual));
                }
                else
                {
                    Assert.Equal(k.Value.GetDouble(), actual, 10);
                }
            }
        }
    }

    [Fact]
    public void Curves_LengthsDiffer_Throws() =>
        Assert.Throws<ArgumentException>(() => UpliftCurves.Qini([1, 2], [true], [0.1, 0.2]));

    private static void Close(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 9);
        }
    }
}
