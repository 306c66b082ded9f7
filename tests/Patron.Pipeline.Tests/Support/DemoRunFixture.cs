using Patron.Demo;

namespace Patron.Pipeline.Tests.Support;

/// <summary>One pipeline run over a small generated shop in its own temporary folder, shared by the tests of a class.</summary>
public sealed class DemoRunFixture : IDisposable
{
    public DemoRunFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "patron-pipeline-tests", Guid.NewGuid().ToString("N"));
        Shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = Path.Combine(Root, "shop"), Customers = 3_000, Seed = 11 });
        Options = new PipelineOptions
        {
            Source = "generic",
            Input = Shop.OutputDirectory,
            OutputDirectory = Path.Combine(Root, "run"),
            Tasks = ["churn", "repeat", "high_value", "clv", "session_purchase"],
            BoostingRounds = 120,
            Seed = 5,
        };
        Summary = new PipelineRunner(Options).Run();
    }

    public string Root { get; }

    public DemoShopResult Shop { get; }

    public PipelineOptions Options { get; }

    public RunSummary Summary { get; }

    public string RunFolder => Options.OutputDirectory;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A scanner or indexer holding a file must not fail the tests.
        }
    }
}
