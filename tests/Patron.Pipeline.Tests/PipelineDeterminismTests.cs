using Patron.Demo;

namespace Patron.Pipeline.Tests;

public sealed class PipelineDeterminismTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "patron-pipeline-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Run_SameShopAndSeedInTwoFolders_IdenticalMetricsPredictionsAndModels()
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = Path.Combine(_root, "shop"), Customers = 1_500, Seed = 7 });
        var first = Options(shop.OutputDirectory, "first");
        var second = Options(shop.OutputDirectory, "second");

        new PipelineRunner(first).Run();
        new PipelineRunner(second).Run();

        // Two fresh warehouses and nothing cached: every stage ran twice, and every random step took the seed.
        foreach (var file in new[] { "metrics.json", "predictions.csv", "models/churn.json", "models/clv.json" })
        {
            var a = File.ReadAllBytes(Path.Combine(first.OutputDirectory, file));
            var b = File.ReadAllBytes(Path.Combine(second.OutputDirectory, file));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{file} differs between two runs of the same inputs and seed");
        }
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

    private PipelineOptions Options(string shop, string name) => new()
    {
        Source = "generic",
        Input = shop,
        OutputDirectory = Path.Combine(_root, name),
        Tasks = ["churn", "clv"],
        BoostingRounds = 40,
        Folds = 2,
        Seed = 13,

        // Below the shop's customers at every cutoff, so the seeded training samples are part of what must repeat.
        MaxTrainingRows = 600,
    };
}
