using System.Text.Json;
using Patron.Demo;

namespace Patron.Pipeline.Tests;

/// <summary>The models stage alone (what <c>Patron.Bench models</c> measures) does what the stage does inside a run.</summary>
public sealed class ModelsOnlyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "patron-pipeline-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void RunModelsOnly_OnARunsWarehouse_SameModelsPredictionsAndTaskMetricsAsTheRun()
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = Path.Combine(_root, "shop"), Customers = 1_500, Seed = 7 });
        var run = Options(shop.OutputDirectory, "run", null);
        new PipelineRunner(run).Run();
        var alone = Options(shop.OutputDirectory, "alone", run.WarehousePath) with { Force = true };

        var summary = new PipelineRunner(alone).RunModelsOnly();

        Assert.Equal(["models"], summary.Stages.Select(s => s.Name));
        Assert.Equal(["churn", "clv"], summary.Tasks.Select(t => t.Task));
        foreach (var file in new[] { "predictions.csv", "models/churn.json", "models/clv.json" })
        {
            var a = File.ReadAllBytes(Path.Combine(run.OutputDirectory, file));
            var b = File.ReadAllBytes(Path.Combine(alone.OutputDirectory, file));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{file} differs between the run and the models stage alone");
        }

        // The drift stage adds its parts to the run's metrics.json afterwards; the tasks are the models stage's own.
        using var runMetrics = Metrics(run.OutputDirectory);
        using var aloneMetrics = Metrics(alone.OutputDirectory);
        Assert.True(JsonElement.DeepEquals(runMetrics.RootElement.GetProperty("tasks"), aloneMetrics.RootElement.GetProperty("tasks")), "the tasks of metrics.json differ");
        Assert.False(File.Exists(Path.Combine(alone.OutputDirectory, "run.json")));
    }

    [Fact]
    public void RunModelsOnly_CustomerTasksSideBySideOrOneAtATime_SameBytes()
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = Path.Combine(_root, "shop"), Customers = 1_500, Seed = 9 });
        var tasks = new[] { "churn", "repeat", "high_value", "clv" };
        var run = Options(shop.OutputDirectory, "run", null) with { Tasks = tasks, TasksSideBySide = 1 };
        new PipelineRunner(run).Run();

        // The same warehouse, the four tasks of one horizon two at a time (sharing the cutoffs' bins) against one at a time.
        var sideBySide = Options(shop.OutputDirectory, "side-by-side", run.WarehousePath) with { Tasks = tasks, TasksSideBySide = 2, Force = true };
        var oneByOne = Options(shop.OutputDirectory, "one-by-one", run.WarehousePath) with { Tasks = tasks, TasksSideBySide = 1, Force = true };
        new PipelineRunner(sideBySide).RunModelsOnly();
        new PipelineRunner(oneByOne).RunModelsOnly();

        string[] files = ["metrics.json", "predictions.csv", "predictions.parquet", "models/churn.json", "models/repeat.json", "models/high_value.json", "models/clv.json"];
        foreach (var file in files)
        {
            var a = File.ReadAllBytes(Path.Combine(sideBySide.OutputDirectory, file));
            var b = File.ReadAllBytes(Path.Combine(oneByOne.OutputDirectory, file));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{file} differs between tasks side by side and one at a time");
        }

        foreach (var file in files.Where(f => f.StartsWith("models/", StringComparison.Ordinal)))
        {
            var a = File.ReadAllBytes(Path.Combine(run.OutputDirectory, file));
            var b = File.ReadAllBytes(Path.Combine(sideBySide.OutputDirectory, file));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{file} differs between the run and the models stage alone");
        }
    }

    [Fact]
    public void RunModelsOnly_WarehouseWithoutGold_SaysToRunFirst()
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = Path.Combine(_root, "shop"), Customers = 300, Seed = 3 });
        var run = Options(shop.OutputDirectory, "ingested", null);
        Directory.CreateDirectory(run.OutputDirectory);
        new Warehouse.Ingest.Ingestor().Ingest(run.WarehousePath, Warehouse.Sources.SourceRegistry.Get("generic", shop.OutputDirectory), shop.OutputDirectory, new Warehouse.Ingest.IngestOptions(), null);

        var error = Assert.Throws<InvalidOperationException>(() => new PipelineRunner(run with { Force = true }).RunModelsOnly());

        Assert.Contains("run `patron run` on it first", error.Message, StringComparison.Ordinal);
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

    private static JsonDocument Metrics(string folder) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "metrics.json")));

    private PipelineOptions Options(string shop, string name, string? warehouse) => new()
    {
        Source = "generic",
        Input = shop,
        OutputDirectory = Path.Combine(_root, name),
        Warehouse = warehouse,
        Tasks = ["churn", "clv"],
        BoostingRounds = 40,
        Folds = 2,
        Seed = 13,
    };
}
