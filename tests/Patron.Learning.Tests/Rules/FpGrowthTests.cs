using Patron.Learning.Rules;

namespace Patron.Learning.Tests.Rules;

public sealed class FpGrowthTests
{
    [Fact]
    public void Mine_MlxtendFixture_ElevenItemsetsWithPublishedSupports()
    {
        // mlxtend's fpgrowth(df, min_support=0.6) on the user guide's baskets lists these 11 itemsets.
        var itemsets = FpGrowth.Mine(MlxtendFixture.Baskets(), new RuleMiningOptions { MinSupport = 0.6, MaxLength = 10 });

        Assert.Equal(11, itemsets.Count);
        Assert.Equal(5, itemsets.Baskets);
        Assert.Equal(3, itemsets.Stats.MinCount);
        (string[] Items, double Support)[] expected =
        [
            (["Eggs"], 0.8), (["Kidney Beans"], 1.0), (["Milk"], 0.6), (["Onion"], 0.6), (["Yogurt"], 0.6),
            (["Eggs", "Kidney Beans"], 0.8), (["Eggs", "Onion"], 0.6), (["Kidney Beans", "Milk"], 0.6),
            (["Kidney Beans", "Onion"], 0.6), (["Kidney Beans", "Yogurt"], 0.6), (["Eggs", "Kidney Beans", "Onion"], 0.6),
        ];
        foreach (var (items, support) in expected)
        {
            var index = itemsets.IndexOf(MlxtendFixture.Codes(items));
            Assert.True(index >= 0, string.Join(",", items));
            Assert.Equal(support, itemsets.Support(index), 12);
        }
    }

    [Fact]
    public void Mine_MaxLengthTwo_NoTriples()
    {
        var itemsets = FpGrowth.Mine(MlxtendFixture.Baskets(), new RuleMiningOptions { MinSupport = 0.6, MaxLength = 2 });

        Assert.Equal(10, itemsets.Count);
        Assert.Equal(-1, itemsets.IndexOf(MlxtendFixture.Codes("Eggs", "Kidney Beans", "Onion")));
    }

    [Fact]
    public void Mine_HandCountedBaskets_CountsMatch()
    {
        // a b c / a b / a c / b c d / a b c d / d: counted by hand.
        var baskets = BasketSet.From([[0, 1, 2], [0, 1], [0, 2], [1, 2, 3], [0, 1, 2, 3], [3]], 4);

        var itemsets = FpGrowth.Mine(baskets, new RuleMiningOptions { MinSupport = 2 / 6.0, MaxLength = 4 });

        Assert.Equal(2, itemsets.Stats.MinCount);
        (int[] Items, int Count)[] expected =
        [
            ([0], 4), ([1], 4), ([2], 4), ([3], 3), ([0, 1], 3), ([0, 2], 3), ([1, 2], 3), ([1, 3], 2), ([2, 3], 2),
            ([0, 1, 2], 2), ([1, 2, 3], 2),
        ];
        Assert.Equal(expected.Length, itemsets.Count);
        foreach (var (items, count) in expected)
        {
            Assert.Equal(count, itemsets.SupportCount(itemsets.IndexOf(items)));
        }
    }

    [Fact]
    public void Mine_BasketOverLimit_LeftOutAndCounted()
    {
        var baskets = BasketSet.From([[0, 1], [0, 1], [0, 1, 2, 3]], 4);

        var itemsets = FpGrowth.Mine(baskets, new RuleMiningOptions { MinSupport = 0.5, MaxBasket = 3 });

        Assert.Equal(2, itemsets.Baskets);
        Assert.Equal(1, itemsets.Stats.SkippedBaskets);
        Assert.Equal(2, itemsets.SupportCount(itemsets.IndexOf([0, 1])));
        Assert.Equal(-1, itemsets.IndexOf([2]));
    }

    [Fact]
    public void Mine_SupportTooLowForBudget_ClearError()
    {
        // 200 baskets of 45 random items out of 60: at a support of one basket nearly every set of four is frequent.
        var random = new Random(7);
        var lists = new List<int[]>();
        for (var b = 0; b < 200; b++)
        {
            lists.Add([.. Enumerable.Range(0, 60).OrderBy(_ => random.Next()).Take(45)]);
        }

        var options = new RuleMiningOptions { MinSupport = 0.001, MaxLength = 4, MemoryBudgetBytes = 1 << 20, MaxBasket = 100 };
        var error = Assert.Throws<RuleMiningException>(() => FpGrowth.Mine(BasketSet.From(lists, 60), options));

        Assert.Contains("too low", error.Message, StringComparison.Ordinal);
        Assert.Contains("memory budget of 1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mine_Estimate_BoundsTheItemsetCount()
    {
        var itemsets = FpGrowth.Mine(MlxtendFixture.Baskets(), new RuleMiningOptions { MinSupport = 0.6, MaxLength = 3 });

        Assert.True(itemsets.Stats.EstimatedItemsets >= itemsets.Count);
    }

    [Fact]
    public void Mine_NoBaskets_Empty()
    {
        var itemsets = FpGrowth.Mine(BasketSet.From([], 3), new RuleMiningOptions());

        Assert.Equal(0, itemsets.Count);
        Assert.Equal(0, itemsets.Baskets);
    }

    [Fact]
    public void Options_SupportOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FpGrowth.Mine(MlxtendFixture.Baskets(), new RuleMiningOptions { MinSupport = 0 }));
    }
}
