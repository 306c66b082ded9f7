using System.Text.Json;
using Patron.DuckDb;

namespace Patron.Cli.Tests;

/// <summary>Failures a user causes are refused before any work, create nothing, and are told in the product's words.</summary>
public sealed class CommandErrorTests(RunShopFixture fixture) : IClassFixture<RunShopFixture>
{
    private string Missing(string name) => Path.Combine(fixture.Root, Guid.NewGuid().ToString("N"), name);

    [Theory]
    [InlineData("features", "--cutoff", "2026-07-01")]
    [InlineData("export", "customer_features", "--out", "x.parquet")]
    [InlineData("quality")]
    public void Command_WarehouseThatDoesNotExist_FailsNamingItAndCreatesNothing(params string[] args)
    {
        var db = Missing("mistyped.duckdb");

        var (code, _, error) = RunShopFixture.Patron([.. args, "--db", db]);

        Assert.Equal(PatronCommandLine.FailureExitCode, code);
        Assert.Contains($"no warehouse at {db}", error, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
        Assert.False(Directory.Exists(Path.GetDirectoryName(db)));
    }

    [Fact]
    public void Run_SeedThatIsNotANumber_SaysWhatWasExpectedWithoutTypeNames()
    {
        var (code, _, error) = RunShopFixture.Patron("run", "--source", "generic", fixture.Shop.OutputDirectory, "--seed", "abc", "--out", Missing("run"));

        Assert.Equal(PatronCommandLine.FailureExitCode, code);
        Assert.Contains("--seed", error, StringComparison.Ordinal);
        Assert.Contains("expected a whole number", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rounds", "0")]
    [InlineData("--folds", "1")]
    [InlineData("--max-train-rows", "-5")]
    public void Run_OutOfRangeOption_IsRefusedBeforeAnyWork(string option, string value)
    {
        var output = Missing("run");

        var (code, _, error) = RunShopFixture.Patron("run", "--source", "generic", fixture.Shop.OutputDirectory, option, value, "--out", output);

        Assert.Equal(PatronCommandLine.FailureExitCode, code);
        Assert.Contains($"{option}: expected at least", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "a refused option must not start the run");
    }

    [Fact]
    public void Features_OutputThatIsNeitherParquetNorCsv_IsRefusedBeforeAnyWork()
    {
        var (code, _, error) = RunShopFixture.Patron("features", "--db", Missing("w.duckdb"), "--cutoff", "2026-07-01", "--out", "x.txt");

        Assert.Equal(PatronCommandLine.FailureExitCode, code);
        Assert.Contains("--out: 'x.txt' must end with .parquet or .csv", error, StringComparison.Ordinal);
        Assert.DoesNotContain("no warehouse", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CutoffAfterTheData_FailsBeforeTheModelsNamingTheLastPurchase()
    {
        var output = Path.Combine(fixture.Root, "late-run");

        var (code, _, error) = RunShopFixture.Patron("run", "--source", "generic", fixture.Shop.OutputDirectory, "--cutoff", "2031-01-01", "--out", output, "--json");

        Assert.Equal(PatronCommandLine.FailureExitCode, code);
        Assert.Contains("--cutoff 2031-01-01 is after the data: the last purchase is on", error, StringComparison.Ordinal);
        Assert.DoesNotContain("labels", error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_Summary_PrintsEachFilesCountEquation()
    {
        var db = Path.Combine(fixture.Root, "equation.duckdb");

        var text = RunShopFixture.Patron("ingest", "--source", "generic", fixture.Shop.OutputDirectory, "--db", Path.Combine(fixture.Root, "equation-text.duckdb"));
        var json = RunShopFixture.Patron("ingest", "--source", "generic", fixture.Shop.OutputDirectory, "--db", db, "--json");

        Assert.True(text.Code == 0, text.Error);
        Assert.Contains("transactions.csv: ", text.Output, StringComparison.Ordinal);
        Assert.Contains(" read = ", text.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Output);
        foreach (var file in document.RootElement.GetProperty("files").EnumerateArray())
        {
            var read = file.GetProperty("rows_read").GetInt64();
            Assert.True(read > 0);
            Assert.Equal(read, file.GetProperty("rows_kept").GetInt64() + file.GetProperty("rows_quarantined").GetInt64() + file.GetProperty("rows_rejected").GetInt64());
            Assert.StartsWith(read.ToString(System.Globalization.CultureInfo.InvariantCulture) + " read = ", file.GetProperty("equation").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Describe_ArgumentErrorWithAParameterName_DropsTheName()
        => Assert.Equal("all 2991 labels are 1.", UserErrors.Describe(new ArgumentException("all 2991 labels are 1.", "y")));

    [Fact]
    public void Describe_DuckDbErrorWithItsStatement_DropsTheSql()
    {
        var message = UserErrors.Describe(new InvalidOperationException(new DuckDbException("IO Error: No space left on device", "INSERT INTO bronze.x SELECT * FROM read_csv('a.csv')").Message));

        Assert.Equal("IO Error: No space left on device", message);
    }

    [Fact]
    public void DescribeParseError_NullableTypeName_BecomesWords()
        => Assert.Equal("Cannot parse argument 'abc' for option '--seed': expected a whole number.",
            UserErrors.DescribeParseError("Cannot parse argument 'abc' for option '--seed' as expected type 'System.Nullable`1[System.Int64]'."));
}
