namespace Patron.Cli.Tests;

/// <summary>The command surface users see: every command listed with a purpose, its own help, and clear failures.</summary>
/// <remarks>One class, so its tests run one after another: they redirect the process's console.</remarks>
public sealed class PatronCommandLineTests
{
    private static readonly string[] Commands = ["run", "ingest", "demo", "quality", "train", "predict", "features", "export", "lifetime", "experiment", "uplift", "drift", "rules", "serve"];

    [Fact]
    public void Build_ListsEveryCommandWithAOneLinePurpose()
    {
        var root = PatronCommandLine.Build();

        var names = root.Subcommands.Select(c => c.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(Commands.Order(StringComparer.Ordinal), names);
        Assert.All(root.Subcommands, c => Assert.False(string.IsNullOrWhiteSpace(c.Description), $"{c.Name} has no description"));
        Assert.All(root.Subcommands, c => Assert.DoesNotContain('\n', c.Description!));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("ingest")]
    [InlineData("demo")]
    [InlineData("quality")]
    [InlineData("train")]
    [InlineData("predict")]
    [InlineData("features")]
    [InlineData("export")]
    [InlineData("lifetime")]
    [InlineData("experiment")]
    [InlineData("uplift")]
    [InlineData("drift")]
    [InlineData("rules")]
    [InlineData("serve")]
    public void Run_CommandHelp_PrintsUsageAndSucceeds(string command)
    {
        var (code, output, _) = Capture(command, "--help");

        Assert.Equal(0, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains(command, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RulesWithAnUnknownLevel_FailsWithTheChoices()
    {
        var (code, _, error) = Capture("rules", "--level", "shelf", "--db", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".duckdb"));

        Assert.Equal(PatronCommandLine.FailureExitCode, code);
        Assert.Contains("expected product or category", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_IngestOfAMissingPath_FailsWithAMessageNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "patron-cli-tests", Guid.NewGuid().ToString("N"));
        var db = missing + ".duckdb";

        var (code, _, error) = Capture("ingest", missing, "--source", "generic", "--db", db);

        Assert.Equal(PatronCommandLine.FailureExitCode, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void Run_QualityWithoutAWarehouse_FailsWithAMessageNamingTheFile()
    {
        var db = Path.Combine(Path.GetTempPath(), "patron-cli-tests", Guid.NewGuid().ToString("N") + ".duckdb");

        var (code, _, error) = Capture("quality", "--db", db);

        Assert.Equal(PatronCommandLine.FailureExitCode, code);
        Assert.Contains(db, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownSource_FailsListingTheKnownOnes()
    {
        var (code, _, error) = Capture("ingest", Path.GetTempPath(), "--source", "shopify");

        Assert.Equal(PatronCommandLine.FailureExitCode, code);
        Assert.Contains("generic", error, StringComparison.Ordinal);
        Assert.Contains("olist", error, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Capture(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var oldOut = Console.Out;
        var oldError = Console.Error;
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = PatronCommandLine.Run(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
