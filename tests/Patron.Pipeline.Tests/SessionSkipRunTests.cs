using System.Text.Json;
using Patron.Demo;

namespace Patron.Pipeline.Tests;

/// <summary>A shop without any sessions: session_purchase is skipped with its reason and the customer tasks run.</summary>
public sealed class SessionSkipRunTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "patron-pipeline-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Run_ShopWithoutSessions_SessionTaskSkippedWithItsReason()
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = Path.Combine(_root, "shop"), Customers = 1_500, Seed = 4, SessionsPerOrder = 0 });

        var summary = new PipelineRunner(new PipelineOptions
        {
            Source = "generic",
            Input = shop.OutputDirectory,
            OutputDirectory = Path.Combine(_root, "run"),
            Tasks = ["churn", "session_purchase"],
            BoostingRounds = 40,
            Seed = 2,
        }).Run();

        Assert.Equal("the warehouse has no sessions (silver sessions and shopper sessions are empty)", summary.SkippedTasks["session_purchase"]);
        Assert.Contains(summary.Tasks, t => t.Task == "churn");
        Assert.Equal(0, summary.SessionsScored);
        Assert.False(File.Exists(Path.Combine(_root, "run", "session_predictions.csv")));
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_root, "run", "metrics.json")));
        Assert.False(metrics.RootElement.GetProperty("tasks").TryGetProperty("session_purchase", out _));
        Assert.True(metrics.RootElement.GetProperty("skipped").TryGetProperty("session_purchase", out _));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A scanner or indexer holding a file must not fail the tests.
        }
    }
}
