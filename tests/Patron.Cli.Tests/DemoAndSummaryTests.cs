using Patron.Cli.Commands;
using Patron.Pipeline;

namespace Patron.Cli.Tests;

public sealed class DemoAndSummaryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "patron-cli-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("0", false)]
    [InlineData("4", true)]
    public void DemoGenerate_SessionsPerOrder_WritesSessionsOnlyWhenAsked(string perOrder, bool expected)
    {
        var folder = Path.Combine(_root, "shop-" + perOrder);

        var (code, _, error) = RunShopFixture.Patron("demo", "generate", "--customers", "300", "--out", folder, "--sessions-per-order", perOrder, "--json");

        Assert.True(code == 0, error);
        Assert.Equal(expected, File.Exists(Path.Combine(folder, "sessions.csv")));
        if (expected)
        {
            // About 4 sessions per order; an order is a customer's lines at one instant.
            var sessions = File.ReadLines(Path.Combine(folder, "sessions.csv")).Count();
            var orders = File.ReadLines(Path.Combine(folder, "transactions.csv")).Skip(1).Select(l => l.Split(',')).Select(f => f[1] + ' ' + f[6]).Distinct().Count();
            Assert.InRange(sessions, 3 * orders, 5 * orders);
        }
    }

    [Fact]
    public void DemoGenerate_SessionsPerOrderOutOfRange_FailsWithTheOptionsMessage()
    {
        var (code, _, error) = RunShopFixture.Patron("demo", "generate", "--customers", "300", "--out", Path.Combine(_root, "bad"), "--sessions-per-order", "0.5");

        Assert.NotEqual(0, code);
        Assert.Contains("Sessions per order: expected 0", error, StringComparison.Ordinal);
        Assert.Contains("0.5", error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1200, 0, "1,200 customers scored")]
    [InlineData(0, 4000, "4,000 sessions scored")]
    [InlineData(1200, 4000, "1,200 customers and 4,000 sessions scored")]
    public void Scored_NamesWhatTheRunScored(long customers, long sessions, string expected)
    {
        var summary = new RunSummary
        {
            RunId = "r",
            RunFolder = "f",
            ScoringCutoff = new DateOnly(2026, 10, 1),
            TrainingCutoff = new DateOnly(2026, 7, 3),
            HorizonDays = 90,
            CustomersScored = customers,
            SessionsScored = sessions,
            Stages = [],
            Tasks = [],
            SkippedTasks = new Dictionary<string, string>(),
            Outputs = new Dictionary<string, string>(),
        };

        Assert.Equal(expected, RunCommand.Scored(summary));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A scanner holding a file must not fail the tests.
        }
    }
}
