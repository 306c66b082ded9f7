using Patron.Learning.Rules;

namespace Patron.Learning.Tests.Rules;

/// <summary>Parallel FP-Growth: the itemsets, their order, their counts and the rules do not depend on the thread count.</summary>
public sealed class FpGrowthThreadTests
{
    [Theory]
    [InlineData(11, 3)]
    [InlineData(12, 4)]
    [InlineData(13, 2)]
    public void Mine_AnyThreadCount_SameItemsetsInSameOrder(int seed, int maxLength)
    {
        var baskets = Themed(seed, 3000, 80);
        var serial = FpGrowth.Mine(baskets, Options(1, maxLength));
        Assert.True(serial.Count > 100, $"the baskets should give many itemsets, not {serial.Count}");
        Assert.True(serial.Stats.FrequentItems > 10);
        var serialRules = RuleGenerator.Generate(serial, Options(1, maxLength));

        foreach (var threads in new[] { 2, 3, 7, 0 })
        {
            var parallel = FpGrowth.Mine(baskets, Options(threads, maxLength));

            Assert.Equal(serial.Stats, parallel.Stats);
            Assert.Equal(serial.Count, parallel.Count);
            for (var i = 0; i < serial.Count; i++)
            {
                Assert.True(serial.Items(i).SequenceEqual(parallel.Items(i)), $"itemset {i} differs with {threads} threads");
                Assert.Equal(serial.SupportCount(i), parallel.SupportCount(i));
            }

            var rules = RuleGenerator.Generate(parallel, Options(threads, maxLength));
            Assert.Equal(serialRules.Count, rules.Count);
            for (var r = 0; r < rules.Count; r++)
            {
                Assert.Equal(serialRules[r].Antecedent, rules[r].Antecedent);
                Assert.Equal(serialRules[r].Consequent, rules[r].Consequent);
                Assert.Equal(serialRules[r].Count, rules[r].Count);
                Assert.Equal(serialRules[r].AntecedentCount, rules[r].AntecedentCount);
                Assert.Equal(serialRules[r].ConsequentCount, rules[r].ConsequentCount);
                Assert.Equal(BitConverter.DoubleToInt64Bits(serialRules[r].Lift), BitConverter.DoubleToInt64Bits(rules[r].Lift));
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Mine_BudgetExceededOnThreads_ClearErrorNotAggregate(int threads)
    {
        // 200 baskets of 45 random items out of 60: at a support of one basket nearly every set of four is frequent.
        var random = new Random(7);
        var lists = new List<int[]>();
        for (var b = 0; b < 200; b++)
        {
            lists.Add([.. Enumerable.Range(0, 60).OrderBy(_ => random.Next()).Take(45)]);
        }

        var options = new RuleMiningOptions { MinSupport = 0.001, MaxLength = 4, MemoryBudgetBytes = 1 << 20, Threads = threads };

        var error = Assert.Throws<RuleMiningException>(() => FpGrowth.Mine(BasketSet.From(lists, 60), options));

        Assert.Contains("memory budget of 1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NegativeThreads_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FpGrowth.Mine(MlxtendFixture.Baskets(), new RuleMiningOptions { Threads = -1 }));
    }

    private static RuleMiningOptions Options(int threads, int maxLength) => new()
    {
        MinSupport = 0.004,
        MaxLength = maxLength,
        MinConfidence = 0.05,
        MinLift = 1,
        Threads = threads,
    };

    /// <summary>Baskets of 2 to 12 items, most from one theme of 8 items, the rest skewed to the low codes.</summary>
    private static BasketSet Themed(int seed, int count, int items)
    {
        var random = new Random(seed);
        var builder = new BasketSetBuilder(items);
        for (var b = 0; b < count; b++)
        {
            var theme = random.Next(items / 8) * 8;
            var size = random.Next(2, 13);
            for (var i = 0; i < size; i++)
            {
                builder.Add(random.NextDouble() < 0.7 ? theme + random.Next(8) : (int)(items * Math.Pow(random.NextDouble(), 3)));
            }

            builder.EndBasket();
        }

        return builder.Build();
    }
}
