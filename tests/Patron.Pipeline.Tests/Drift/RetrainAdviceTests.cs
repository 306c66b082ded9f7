using Patron.Learning.Drift;
using Patron.Pipeline.Drift;

namespace Patron.Pipeline.Tests.Drift;

public sealed class RetrainAdviceTests
{
    [Fact]
    public void From_MetricFellByMoreThanTheThreshold_RecommendsWithTheNumbers()
    {
        var history = new Dictionary<string, List<MetricPoint>>
        {
            ["churn"] = [new(new DateOnly(2026, 7, 1), "pr_auc", 0.91), new(new DateOnly(2026, 10, 1), "pr_auc", 0.84)],
            ["clv"] = [new(new DateOnly(2026, 7, 1), "normalized_gini", 0.60), new(new DateOnly(2026, 10, 1), "normalized_gini", 0.58)],
        };

        var advice = RetrainAdvice.From(null, history);

        Assert.True(advice.Recommended);
        var reason = Assert.Single(advice.Reasons);
        Assert.Contains("churn pr_auc fell from 0.910", reason, StringComparison.Ordinal);
        Assert.Contains("2026-10-01", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void From_StableMetricsAndNoDrift_NotRecommended()
    {
        var history = new Dictionary<string, List<MetricPoint>> { ["churn"] = [new(new DateOnly(2026, 10, 1), "pr_auc", 0.91)] };
        var drift = new DriftResult
        {
            ReferenceCutoff = new DateOnly(2026, 7, 1),
            CurrentCutoff = new DateOnly(2026, 10, 1),
            ReferenceCustomers = 10,
            CurrentCustomers = 10,
            Dataset = DatasetDrift.Create([], [], new DriftOptions()),
            SkippedScores = new Dictionary<string, string>(),
            Options = new DriftOptions(),
        };

        var advice = RetrainAdvice.From(drift, history);

        Assert.False(advice.Recommended);
        Assert.Empty(advice.Reasons);
    }

    [Fact]
    public void MetricHistory_StoreWithTwoCutoffs_ReadsLatestRunPerCutoffInOrder()
    {
        using var folder = new TempFolder();
        Run(folder, "r1", "2026-10-01", 100, 0.80);
        Run(folder, "r2", "2026-07-01", 50, 0.90);
        Run(folder, "r3", "2026-10-01", 200, 0.85);

        var history = MetricHistory.Read(folder.Path, [("churn", "pr_auc")]);

        Assert.Equal([0.90, 0.85], history["churn"].Select(p => p.Value));
        Assert.Equal(new DateOnly(2026, 7, 1), history["churn"][0].ScoringCutoff);
    }

    private static void Run(TempFolder folder, string id, string cutoff, long start, double value)
    {
        var run = Path.Combine(folder.Path, "1", id);
        Directory.CreateDirectory(Path.Combine(run, "params"));
        Directory.CreateDirectory(Path.Combine(run, "metrics"));
        File.WriteAllText(Path.Combine(run, "params", "scoring_cutoff"), cutoff);
        File.WriteAllText(Path.Combine(run, "metrics", "churn.pr_auc"), $"{start} {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} 0\n");
        File.WriteAllText(Path.Combine(run, "meta.yaml"), $"run_id: {id}\nstart_time: {start}\n");
    }
}
