using Patron.Learning.Evaluation;
using Patron.Learning.Tests.Golden;

namespace Patron.Learning.Tests.Evaluation;

public sealed class RegressionMetricsTests
{
    [Fact]
    public void Metrics_TiedValues_MatchScikitLearnAndScipy()
    {
        // Expected: scikit-learn mean_squared_error, mean_absolute_error, r2_score; scipy spearmanr (Golden/make_golden.py).
        var table = GoldenFiles.Table("regression.csv");
        var truth = GoldenFiles.Numbers(table, "truth");
        var pred = GoldenFiles.Numbers(table, "pred");
        var expected = GoldenFiles.Values("regression");
        Assert.Equal(expected.GetProperty("rmse").GetDouble(), RegressionMetrics.Rmse(truth, pred), 1e-10);
        Assert.Equal(expected.GetProperty("mae").GetDouble(), RegressionMetrics.Mae(truth, pred), 1e-10);
        Assert.Equal(expected.GetProperty("r2").GetDouble(), RegressionMetrics.R2(truth, pred), 1e-12);
        Assert.Equal(expected.GetProperty("spearman").GetDouble(), RegressionMetrics.Spearman(truth, pred), 1e-12);
    }

    [Fact]
    public void NormalizedGini_PerfectAndReversedOrder_OneAndBelowZero()
    {
        double[] label = [0, 0, 10, 50, 100, 0, 5, 20, 0, 1];
        Assert.Equal(1.0, RegressionMetrics.NormalizedGini(label, label), 12);
        var reversed = label.Select(v => -v).ToArray();
        Assert.True(RegressionMetrics.NormalizedGini(label, reversed) < 0);
    }

    [Fact]
    public void NormalizedGini_HandComputed_MatchesFormula()
    {
        // Wang, Liu & Miao (2019): gain_k over rows sorted by prediction; Gini = 2·mean(gain) − 1.
        double[] label = [1, 0, 3];
        double[] pred = [0.5, 0.9, 0.1]; // order: row 1 (0), row 0 (1), row 2 (3) → gains 0, 1/4, 1
        double[] perfect = [3, 1, 0]; // gains 3/4, 1, 1
        var model = (2 * ((0 + 0.25 + 1) / 3)) - 1;
        var best = (2 * ((0.75 + 1 + 1) / 3)) - 1;
        _ = perfect;
        Assert.Equal(model / best, RegressionMetrics.NormalizedGini(label, pred), 12);
    }

    [Fact]
    public void DecileMape_ExactPredictions_Zero()
    {
        var label = Enumerable.Range(1, 50).Select(i => (double)i).ToArray();
        Assert.Equal(0.0, RegressionMetrics.DecileMape(label, label), 12);
        var doubled = label.Select(v => 2 * v).ToArray();
        Assert.Equal(1.0, RegressionMetrics.DecileMape(label, doubled), 12);
    }

    [Fact]
    public void Spearman_AllTied_AverageRanks()
    {
        Assert.Equal([2.0, 2.0, 2.0, 4.0], RegressionMetrics.AverageRanks([5.0, 5.0, 5.0, 7.0]));
    }
}
