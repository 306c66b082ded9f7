using Patron.Learning.Evaluation;
using Patron.Learning.Tests.Golden;

namespace Patron.Learning.Tests.Evaluation;

public sealed class BinaryMetricsTests
{
    // Expected values: scikit-learn roc_auc_score, average_precision_score, log_loss, brier_score_loss on scores with
    // many ties (Golden/make_golden.py). "Identical" is taken as 1e-12.
    private const double Identical = 1e-12;

    [Fact]
    public void RocAucAndAveragePrecision_TiedScores_IdenticalToScikitLearn()
    {
        var (label, score, weight) = Load();
        var expected = GoldenFiles.Values("ranking");

        Assert.Equal(expected.GetProperty("roc_auc").GetDouble(), BinaryMetrics.RocAuc(label, score), Identical);
        Assert.Equal(expected.GetProperty("pr_auc").GetDouble(), BinaryMetrics.AveragePrecision(label, score), Identical);
        Assert.Equal(expected.GetProperty("roc_auc_weighted").GetDouble(), BinaryMetrics.RocAuc(label, score, weight), Identical);
        Assert.Equal(expected.GetProperty("pr_auc_weighted").GetDouble(), BinaryMetrics.AveragePrecision(label, score, weight), Identical);
    }

    [Fact]
    public void LogLossAndBrier_Scores_MatchScikitLearn()
    {
        var (label, score, _) = Load();
        var expected = GoldenFiles.Values("ranking");
        Assert.Equal(expected.GetProperty("log_loss").GetDouble(), BinaryMetrics.LogLoss(label, score), Identical);
        Assert.Equal(expected.GetProperty("brier").GetDouble(), BinaryMetrics.Brier(label, score), Identical);
    }

    [Fact]
    public void RocAuc_PerfectAndReversed_OneAndZero()
    {
        double[] label = [0, 0, 1, 1];
        Assert.Equal(1.0, BinaryMetrics.RocAuc(label, [0.1, 0.2, 0.8, 0.9]));
        Assert.Equal(0.0, BinaryMetrics.RocAuc(label, [0.9, 0.8, 0.2, 0.1]));
        Assert.Equal(0.5, BinaryMetrics.RocAuc(label, [0.5, 0.5, 0.5, 0.5]));
    }

    [Fact]
    public void Confusion_ThresholdHalf_CountsAndF1()
    {
        double[] label = [1, 1, 0, 0, 1];
        double[] score = [0.9, 0.4, 0.6, 0.1, 0.5];
        var m = BinaryMetrics.Confusion(label, score, 0.5);
        Assert.Equal((2.0, 1.0, 1.0, 1.0), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Equal(2.0 / 3, m.Precision, 12);
        Assert.Equal(2.0 / 3, m.Recall, 12);
        Assert.Equal(2.0 / 3, m.F1, 12);
    }

    [Fact]
    public void Deciles_HundredRows_LiftAndGains()
    {
        var label = new double[100];
        var score = new double[100];
        for (var i = 0; i < 100; i++)
        {
            score[i] = i / 100.0;
            label[i] = i >= 90 ? 1 : 0; // all positives in the top decile
        }

        var deciles = BinaryMetrics.Deciles(label, score);
        Assert.Equal(10, deciles.Count);
        Assert.Equal(10.0, deciles[0].Lift, 12);
        Assert.Equal(1.0, deciles[0].CumulativeGain, 12);
        Assert.Equal(0.0, deciles[9].Lift);
        Assert.Equal(10.0, BinaryMetrics.TopDecileLift(label, score), 12);
    }

    [Fact]
    public void CalibrationCurve_TwoBins_MeansPerBin()
    {
        var bins = BinaryMetrics.CalibrationCurve([0, 1, 1, 1], [0.2, 0.4, 0.6, 1.0], 2);
        Assert.Equal(2, bins.Count);
        Assert.Equal(0.3, bins[0].MeanPredicted, 12);
        Assert.Equal(0.5, bins[0].FractionPositive, 12);
        Assert.Equal(0.8, bins[1].MeanPredicted, 12);
        Assert.Equal(1.0, bins[1].FractionPositive, 12);
    }

    [Fact]
    public void MetricSet_Json_SnakeCaseKeysRoundTrip()
    {
        var (label, score, _) = Load();
        var metrics = MetricSet.ForBinary(label, score);
        var json = metrics.ToJson();
        Assert.Contains("\"roc_auc\":", json, StringComparison.Ordinal);
        Assert.Contains("\"pr_auc\":", json, StringComparison.Ordinal);
        Assert.Contains("\"top_decile_lift\":", json, StringComparison.Ordinal);
        Assert.DoesNotContain("rmse", json, StringComparison.Ordinal);
        Assert.Equal(metrics, MetricSet.FromJson(json));
    }

    [Fact]
    public void MetricSet_OneOrderingForTheRankingMetrics_SameBitsAsEachMetricAlone()
    {
        // Many tied scores, with and without weights: the shared ordering must give what each metric's own sort gives.
        var (label, score, weight) = Load();
        foreach (var w in new[] { Array.Empty<double>(), weight })
        {
            var metrics = MetricSet.ForBinary(label, score, 0.5, w);

            Assert.Equal(BinaryMetrics.RocAuc(label, score, w), metrics.RocAuc);
            Assert.Equal(BinaryMetrics.AveragePrecision(label, score, w), metrics.PrAuc);
            Assert.Equal(BinaryMetrics.TopDecileLift(label, score), metrics.TopDecileLift);
        }

        var oneClass = MetricSet.ForBinary([1, 1, 1], [0.2, 0.5, 0.5]);
        Assert.Null(oneClass.RocAuc);
        Assert.Null(oneClass.PrAuc);
        Assert.Null(oneClass.TopDecileLift);
    }

    internal static (double[] Label, double[] Score, double[] Weight) Load()
    {
        var table = GoldenFiles.Table("scores.csv");
        return (GoldenFiles.Numbers(table, "label"), GoldenFiles.Numbers(table, "score"), GoldenFiles.Numbers(table, "weight"));
    }

    [Fact]
    public void Curves_TiedAndDistinctScores_TheCurvesAndDecilesOfTheCallsOneByOne()
    {
        // Scores rounded to two places, so many rows tie (one point per tied score, ties in row order in the deciles).
        var random = new Random(5);
        var label = new double[1_003];
        var score = new double[label.Length];
        for (var i = 0; i < label.Length; i++)
        {
            score[i] = Math.Round(random.NextDouble(), 2);
            label[i] = random.NextDouble() < score[i] ? 1 : 0;
        }

        var (roc, pr, deciles) = BinaryMetrics.Curves(label, score);

        Assert.Equal(BinaryMetrics.RocCurve(label, score), roc);
        Assert.Equal(BinaryMetrics.PrecisionRecallCurve(label, score), pr);
        Assert.Equal(BinaryMetrics.Deciles(label, score), deciles);
        Assert.True(roc.Count < label.Length, "tied scores share a point");
    }
}
