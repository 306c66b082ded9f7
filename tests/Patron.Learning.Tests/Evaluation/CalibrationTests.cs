using Patron.Learning.Evaluation;
using Patron.Learning.Tests.Golden;

namespace Patron.Learning.Tests.Evaluation;

public sealed class CalibrationTests
{
    [Fact]
    public void Isotonic_WeightedTiedData_IdenticalToScikitLearn()
    {
        // Expected: scikit-learn IsotonicRegression(out_of_bounds='clip') (Golden/make_golden.py).
        var table = GoldenFiles.Table("isotonic.csv");
        var x = GoldenFiles.Numbers(table, "x");
        var y = GoldenFiles.Numbers(table, "y");
        var w = GoldenFiles.Numbers(table, "w");
        var expected = GoldenFiles.Values("isotonic");
        var queries = GoldenFiles.Array(expected.GetProperty("queries"));

        AssertIdentical(GoldenFiles.Array(expected.GetProperty("predictions")), IsotonicCalibrator.Fit(x, y, w), queries);
        AssertIdentical(GoldenFiles.Array(GoldenFiles.Values("isotonic_unweighted").GetProperty("predictions")), IsotonicCalibrator.Fit(x, y), queries);
    }

    [Fact]
    public void Isotonic_Fit_IsNonDecreasing()
    {
        var iso = IsotonicCalibrator.Fit([1, 2, 3, 4, 5], [1, 3, 2, 4, 3.5]);
        for (var k = 1; k < iso.Values.Count; k++)
        {
            Assert.True(iso.Values[k] >= iso.Values[k - 1]);
        }

        Assert.Equal(2.5, iso.Apply(2.5), 12);
    }

    [Fact]
    public void Platt_Scores_MatchScikitLearnSigmoidCalibration()
    {
        // Expected: scikit-learn _sigmoid_calibration (BFGS to its default tolerance, so agreement is to ~1e-4).
        var (label, score, _) = BinaryMetricsTests.Load();
        var expected = GoldenFiles.Values("platt");
        var platt = PlattCalibrator.Fit(score, label);
        Assert.Equal(expected.GetProperty("a").GetDouble(), platt.A, 4);
        Assert.Equal(expected.GetProperty("b").GetDouble(), platt.B, 4);
    }

    [Fact]
    public void Thresholds_MaxProfit_ContactsOnlyWhenWorthIt()
    {
        double[] label = [1, 1, 0, 0, 0, 1, 0, 0];
        double[] score = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];

        var cheap = Thresholds.MaxProfit(label, score, costPerContact: 1, valuePerSuccess: 10);
        Assert.Equal(0.4, cheap.Threshold); // 3 successes × 10 − 6 contacts × 1 = 24
        Assert.Equal(24.0, cheap.Objective);

        var dear = Thresholds.MaxProfit(label, score, costPerContact: 20, valuePerSuccess: 10);
        Assert.Equal(double.PositiveInfinity, dear.Threshold);
        Assert.Equal(0.0, dear.Objective);
    }

    [Fact]
    public void Thresholds_MaxF1_PicksBestCut()
    {
        double[] label = [1, 1, 0, 1, 0, 0];
        double[] score = [0.9, 0.8, 0.7, 0.6, 0.2, 0.1];
        var choice = Thresholds.MaxF1(label, score);
        Assert.Equal(0.6, choice.Threshold);
        Assert.Equal(6.0 / 7, choice.Objective, 12);
    }

    private static void AssertIdentical(double[] expected, IsotonicCalibrator iso, double[] queries)
    {
        for (var i = 0; i < queries.Length; i++)
        {
            Assert.True(expected[i] == iso.Apply(queries[i]) || Math.Abs(expected[i] - iso.Apply(queries[i])) <= 1e-15,
                $"query {queries[i]}: scikit-learn {expected[i]:R}, Patron {iso.Apply(queries[i]):R}");
        }
    }
}
