using System.Text.Json;
using Patron.Demo;

namespace Patron.Pipeline.Tests;

/// <summary>A run whose training sets exceed <see cref="PipelineOptions.MaxTrainingRows"/> fits on samples of that size
/// and still measures and scores every row.</summary>
public sealed class TrainingRowCapTests : IDisposable
{
    private const int Cap = 300;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "patron-pipeline-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Run_TrainingSetsAboveTheCap_FitOnTheCapAndScoreEveryone()
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = Path.Combine(_root, "shop"), Customers = 1_500, Seed = 11 });
        var options = new PipelineOptions
        {
            Source = "generic",
            Input = shop.OutputDirectory,
            OutputDirectory = Path.Combine(_root, "run"),
            Tasks = ["churn", "clv", "session_purchase"],
            BoostingRounds = 30,
            Folds = 2,
            Seed = 3,
            MaxTrainingRows = Cap,
        };

        var summary = new PipelineRunner(options).Run();

        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(options.OutputDirectory, "metrics.json")));
        foreach (var task in new[] { "churn", "clv", "session_purchase" })
        {
            var t = metrics.RootElement.GetProperty("tasks").GetProperty(task);
            Assert.True(t.GetProperty("train_rows").GetInt32() > Cap, $"{task}: the shop must train on more rows than the cap for this test to mean anything");
            Assert.Equal(Cap, t.GetProperty("fit_rows").GetInt32());
            Assert.Equal(Cap, t.GetProperty("cv_rows").GetInt32());
        }

        // Out-of-time metrics and predictions still cover every row.
        var churn = metrics.RootElement.GetProperty("tasks").GetProperty("churn");
        Assert.True(churn.GetProperty("test_rows").GetInt32() > Cap);
        var deciles = churn.GetProperty("deciles").EnumerateArray().Sum(d => d.GetProperty("rows").GetInt32());
        Assert.Equal(churn.GetProperty("test_rows").GetInt32(), deciles);
        var predictions = File.ReadAllLines(Path.Combine(options.OutputDirectory, "predictions.csv")).Length - 1;
        Assert.Equal(summary.CustomersScored, predictions);
        Assert.True(predictions > Cap);

        // The earlier cutoff is cut to its fit rows once for every task; the same inputs and seed give the same bytes.
        var again = options with { OutputDirectory = Path.Combine(_root, "again") };
        new PipelineRunner(again).Run();
        foreach (var file in new[] { "metrics.json", "predictions.csv", "session_predictions.csv", "profiles.bin", "models/churn.json", "models/clv.json" })
        {
            Assert.True(File.ReadAllBytes(Path.Combine(options.OutputDirectory, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(again.OutputDirectory, file))), $"{file} differs between two runs");
        }
    }

    [Fact]
    public void Options_CapBelowAHundred_Rejected()
    {
        var options = new PipelineOptions { Source = "generic", Input = "x", OutputDirectory = "y", MaxTrainingRows = 50 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("max_training_rows", error.Message, StringComparison.Ordinal);
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
}
