using System.Globalization;
using System.Text.Json;
using Patron.Demo.Experiment;

namespace Patron.Demo.Tests.Experiment;

/// <summary>The simulated experiment: deterministic per seed, arms as designed, and a true effect that is what the
/// files show.</summary>
public sealed class DemoExperimentTests
{
    private static readonly DateOnly End = new(2026, 9, 30);

    private static DemoShopResult Generate(string directory, ulong seed = 7, DemoExperimentPopulation population = DemoExperimentPopulation.Buyers) =>
        DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = directory,
            Customers = 3000,
            Seed = seed,
            Clean = true,
            SessionsPerOrder = 0,
            Experiment = new DemoExperimentOptions { Population = population },
        });

    [Fact]
    public void Generate_SameSeed_SameExperimentBytes()
    {
        using var temp = new TempFolder();
        Generate(temp.File("a"));
        Generate(temp.File("b"));
        Generate(temp.File("c"), seed: 8);

        foreach (var file in (string[])["transactions.csv", "experiment/assignments.csv", "truth/experiment.csv", "truth/experiment.json"])
        {
            var a = File.ReadAllBytes(Path.Combine(temp.File("a"), file));
            Assert.True(a.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp.File("b"), file))), $"{file} differs between two runs with the same seed");
            Assert.False(a.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp.File("c"), file))), $"{file} is the same under another seed");
        }
    }

    [Fact]
    public void Generate_Experiment_TruthMatchesTheFiles()
    {
        using var temp = new TempFolder();
        var result = Generate(temp.File("shop"));
        var e = result.Experiment!;
        var start = End.AddDays(-89);
        Assert.Equal(start, e.Start);

        // Arms: half the population each (complete randomization), everyone in the truth with the same arm.
        var assignments = File.ReadAllLines(e.AssignmentsPath).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1]);
        Assert.Equal(e.Customers, assignments.Count);
        Assert.Equal((int)Math.Round(e.Customers * 0.5), assignments.Values.Count(v => v == "treatment"));
        var truth = File.ReadAllLines(e.TruthPath).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(e.Customers, truth.Length);
        Assert.All(truth, t => Assert.Equal(assignments[t[0]], t[1]));

        // Heterogeneous: sure things lose revenue, long-gone customers have no effect, lapsed repeat buyers the most.
        double Revenue(string[] t) => double.Parse(t[7], CultureInfo.InvariantCulture);
        int Recency(string[] t) => int.Parse(t[2], CultureInfo.InvariantCulture);
        int Orders(string[] t) => int.Parse(t[3], CultureInfo.InvariantCulture);
        Assert.All(truth.Where(t => Recency(t) > 365), t => Assert.Equal(0, Revenue(t)));
        Assert.All(truth.Where(t => Recency(t) < 30 && Orders(t) >= 4), t => Assert.True(Revenue(t) <= 0));
        Assert.Contains(truth, t => Revenue(t) < 0);
        var lapsed = truth.Where(t => Recency(t) is >= 30 and <= 180 && Orders(t) >= 3).Select(Revenue).ToArray();
        Assert.True(lapsed.Length > 50 && lapsed.Average() > 2 * e.AverageUpliftRevenue, $"{lapsed.Length} lapsed repeat buyers, mean uplift {lapsed.DefaultIfEmpty().Average():F2} vs {e.AverageUpliftRevenue:F2}");

        // Added orders: ids from T800000001, treated customers only, inside the window, and as many as reported.
        var added = File.ReadLines(Path.Combine(result.OutputDirectory, "transactions.csv")).Where(l => l.StartsWith("T8", StringComparison.Ordinal)).Select(l => l.Split(',')).ToArray();
        Assert.Equal(e.AddedOrders, added.Length);
        Assert.All(added, a =>
        {
            Assert.Equal("treatment", assignments[a[1]]);
            var day = DateOnly.ParseExact(a[6][..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.InRange(day, start, End);
        });
        Assert.True(e.DiscountedOrders > 0);

        // What the treatment did to the treated matches the truth in expectation: within 4 standard errors of a
        // Bernoulli sum of order values (order values are under 1,000).
        var expected = e.TreatedUpliftRevenue * e.Treated;
        var variance = truth.Where(t => t[1] == "treatment").Sum(t =>
        {
            var p = double.Parse(t[4], CultureInfo.InvariantCulture);
            var v = double.Parse(t[6], CultureInfo.InvariantCulture);
            return p * (1 - p) * v * v;
        });
        Assert.InRange(e.RealizedIncrementalRevenue, expected - 4 * Math.Sqrt(variance) - 50, expected + 4 * Math.Sqrt(variance) + 50);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.TruthDirectory, "experiment.json")));
        Assert.Equal(e.Customers, json.RootElement.GetProperty("customers").GetInt32());
        Assert.Equal(Math.Round(e.AverageUpliftRevenue, 6), json.RootElement.GetProperty("average_uplift_revenue").GetDouble());
        Assert.Equal(truth.Average(Revenue), e.AverageUpliftRevenue, 4);
    }

    [Fact]
    public void Generate_Lapsing_OnlyCustomersSixtyDaysGone()
    {
        using var temp = new TempFolder();
        var e = Generate(temp.File("shop"), population: DemoExperimentPopulation.Lapsing).Experiment!;
        var truth = File.ReadAllLines(e.TruthPath).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.NotEmpty(truth);
        Assert.All(truth, t => Assert.True(int.Parse(t[2], CultureInfo.InvariantCulture) >= DemoExperimentOptions.LapsingDays));
    }

    [Fact]
    public void Generate_WithoutExperiment_LeavesNoStaleExperimentFiles()
    {
        using var temp = new TempFolder();
        Generate(temp.File("shop"));
        DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = temp.File("shop"), Customers = 500, Seed = 7, SessionsPerOrder = 0 });
        Assert.False(File.Exists(Path.Combine(temp.File("shop"), "truth", "experiment.csv")));
        Assert.False(File.Exists(Path.Combine(temp.File("shop"), "experiment", "assignments.csv")));
    }

    [Fact]
    public void Generate_ExperimentOutsideHistoryOrOnlineRetail_Throws()
    {
        using var temp = new TempFolder();
        Assert.Throws<ArgumentException>(() => DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = temp.File("x"), Customers = 100, Experiment = new DemoExperimentOptions { Start = End.AddDays(-10) },
        }));
        Assert.Throws<ArgumentException>(() => DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = temp.File("y"), Customers = 100, Format = DemoShopFormat.OnlineRetail, Experiment = new DemoExperimentOptions(),
        }));
    }
}
