using Patron.Demo;

namespace Patron.Pipeline.Tests;

public sealed class PipelineRerunTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "patron-pipeline-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Run_SameInputsTwice_SkipsEveryUnchangedStageAndKeepsThePredictions()
    {
        var options = SmallRun();
        new PipelineRunner(options).Run();
        var before = File.ReadAllBytes(Path.Combine(options.OutputDirectory, "predictions.csv"));

        var again = new PipelineRunner(options).Run();

        foreach (var stage in new[] { "ingest", "quality", "features", "cross_sell", "models", "kpi" })
        {
            Assert.Equal(StageRecord.Skipped, Stage(again, stage).Status);
        }

        Assert.Equal(StageRecord.Done, Stage(again, "runs_store").Status);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(options.OutputDirectory, "predictions.csv")));
        Assert.NotEmpty(again.Tasks);
        Assert.True(again.CustomersScored > 0);
        Assert.Contains("skipped (unchanged)", File.ReadAllText(Path.Combine(options.OutputDirectory, "run.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnlyTheSeedChanged_RedoesModelsButNotFeatures()
    {
        var options = SmallRun();
        new PipelineRunner(options).Run();

        var again = new PipelineRunner(options with { Seed = options.Seed + 1 }).Run();

        Assert.Equal(StageRecord.Skipped, Stage(again, "features").Status);
        Assert.Equal(StageRecord.Done, Stage(again, "models").Status);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A scanner holding a file must not fail the test.
        }
    }

    private PipelineOptions SmallRun()
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = Path.Combine(_root, "shop"), Customers = 1_200, Seed = 3 });
        return new PipelineOptions
        {
            Source = "generic",
            Input = shop.OutputDirectory,
            OutputDirectory = Path.Combine(_root, "run"),
            Tasks = ["churn"],
            BoostingRounds = 30,
            Folds = 2,
        };
    }

    private static StageRecord Stage(RunSummary summary, string name) =>
        summary.Stages.First(s => s.Name == name);
}
