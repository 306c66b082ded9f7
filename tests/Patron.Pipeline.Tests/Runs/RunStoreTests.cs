using Patron.Learning;
using Patron.Learning.Data;
using Patron.Learning.Evaluation;
using Patron.Learning.Linear;
using Patron.Pipeline.Runs;

namespace Patron.Pipeline.Tests.Runs;

public sealed class RunStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "patron-runs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void StartRun_LogsParamsMetricsArtifacts_InMlflowLayout()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var store = new RunStore(Path.Combine(_dir, "mlruns"), clock);
        var experiment = store.GetOrCreateExperiment("churn");
        Assert.Equal("1", experiment);
        Assert.Equal("1", store.GetOrCreateExperiment("churn"));

        string runId;
        using (var run = store.StartRun(experiment, "lr", seed: 3))
        {
            runId = run.RunId;
            run.LogParam("model", "lr");
            run.LogParam("c", 0.5);
            run.LogMetric("cv_roc_auc", 0.75);
            clock.Advance(TimeSpan.FromSeconds(1));
            run.LogMetric("cv_roc_auc", 0.8, step: 1);
            run.End();
        }

        var runDir = Path.Combine(store.Root, "1", runId);
        Assert.Matches("^[0-9a-f]{32}$", runId);
        Assert.Equal("0.5", File.ReadAllText(Path.Combine(runDir, "params", "c")));
        Assert.Equal(["1767323045000 0.75 0", "1767323046000 0.8 1"], File.ReadAllLines(Path.Combine(runDir, "metrics", "cv_roc_auc")));
        var meta = File.ReadAllText(Path.Combine(runDir, "meta.yaml"));
        Assert.Contains("status: 3", meta, StringComparison.Ordinal);
        Assert.Contains($"run_id: {runId}", meta, StringComparison.Ordinal);
        Assert.Contains("experiment_id: '1'", meta, StringComparison.Ordinal);
        Assert.Contains("name: 'churn'", File.ReadAllText(Path.Combine(store.Root, "1", "meta.yaml")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(store.Root, "0", "meta.yaml")));
        Assert.Equal("lr", File.ReadAllText(Path.Combine(runDir, "tags", "mlflow.runName")));
    }

    [Fact]
    public void StartRun_SameSeedAndClock_SameRunId()
    {
        var at = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var a = new RunStore(Path.Combine(_dir, "a"), new FixedClock(at));
        var b = new RunStore(Path.Combine(_dir, "b"), new FixedClock(at));
        using var ra = a.StartRun(a.GetOrCreateExperiment("x"), "r", 1);
        using var rb = b.StartRun(b.GetOrCreateExperiment("x"), "r", 1);
        using var rc = b.StartRun(b.GetOrCreateExperiment("x"), "r", 2);
        Assert.Equal(ra.RunId, rb.RunId);
        Assert.NotEqual(ra.RunId, rc.RunId);
    }

    [Fact]
    public void LogEvaluation_Binary_WritesCurves()
    {
        var store = new RunStore(Path.Combine(_dir, "mlruns"), new FixedClock(DateTimeOffset.UnixEpoch));
        using var run = store.StartRun(store.GetOrCreateExperiment("e"), "r", 0);
        double[] y = [0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0];
        double[] p = [0.1, 0.9, 0.3, 0.7, 0.6, 0.2, 0.4, 0.8, 0.15, 0.35, 0.55, 0.05];
        RunArtifacts.LogEvaluation(run, "cv", TaskKind.Binary, y, p, MetricSet.ForBinary(y, p));
        foreach (var file in new[] { "roc.csv", "pr.csv", "gains.csv", "calibration.csv", "metrics.json" })
        {
            Assert.True(File.Exists(Path.Combine(run.ArtifactDirectory, "cv", file)), file);
        }

        Assert.True(File.Exists(Path.Combine(run.Directory, "metrics", "cv_roc_auc")));
    }

    [Fact]
    public void Registry_RegisterAndPromote_CurrentPointerMoves()
    {
        float[] signal = [0.1f, 0.4f, 0.2f, 0.9f, 0.7f, 0.3f, 0.8f, 0.6f, 0.05f, 0.95f];
        double[] y = [0, 0, 0, 1, 1, 0, 1, 1, 0, 1];
        var x = FeatureMatrix.Create(new FeatureSchema([new FeatureSpec("signal", FeatureKind.Numeric)]), [signal]);
        var model = new LogisticRegressionLearner().Fit(x, y, []);
        var registry = new ModelRegistry(Path.Combine(_dir, "models"), new FixedClock(DateTimeOffset.UnixEpoch));

        Assert.Null(registry.CurrentVersion("churn"));
        Assert.Equal(1, registry.Register("churn", model));
        Assert.Equal(1, registry.CurrentVersion("churn"));
        Assert.Equal(2, registry.Register("churn", model, runId: "abc"));
        Assert.Equal(1, registry.CurrentVersion("churn"));
        registry.SetCurrent("churn", 2);
        Assert.Equal(2, registry.CurrentVersion("churn"));
        Assert.Equal([1, 2], registry.Versions("churn"));
        Assert.Equal(model.Schema, registry.LoadCurrent("churn").Schema);
        Assert.Throws<ArgumentException>(() => registry.SetCurrent("churn", 7));
    }
}
