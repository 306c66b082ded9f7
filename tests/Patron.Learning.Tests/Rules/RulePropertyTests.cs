using Patron.Learning.Rules;

namespace Patron.Learning.Tests.Rules;

/// <summary>Random shops: every itemset and rule checked against a brute-force count over the baskets.</summary>
public sealed class RulePropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Generate_RandomBaskets_MeasuresEqualBruteForce(int seed)
    {
        var random = new Random(seed);
        var items = random.Next(3, 12);
        var lists = new List<int[]>();
        var count = random.Next(1, 80);
        for (var b = 0; b < count; b++)
        {
            // Skewed popularity so that some pairs and triples pass the threshold.
            var size = random.Next(1, 7);
            var basket = new int[size];
            for (var i = 0; i < size; i++)
            {
                basket[i] = (int)(items * Math.Pow(random.NextDouble(), 2));
            }

            lists.Add(basket);
        }

        var baskets = BasketSet.From(lists, items);
        var options = new RuleMiningOptions
        {
            MinSupport = 0.02 + (random.NextDouble() * 0.2),
            MaxLength = random.Next(1, 5),
            MinConfidence = random.NextDouble() * 0.5,
            MinLift = random.NextDouble() * 1.5,
            MaxBasket = random.Next(2, 7),
        };
        var itemsets = FpGrowth.Mine(baskets, options);
        var rules = RuleGenerator.Generate(itemsets, options);

        var used = new List<HashSet<int>>();
        for (var b = 0; b < baskets.Count; b++)
        {
            if (baskets[b].Length <= options.MaxBasket)
            {
                used.Add([.. baskets[b].ToArray()]);
            }
        }

        Assert.Equal(used.Count, itemsets.Baskets);
        int Count(IEnumerable<int> set) => used.Count(basket => set.All(basket.Contains));

        // Every itemset up to the maximum length whose brute-force share reaches the minimum is mined, with its count.
        var expectedItemsets = 0;
        for (var mask = 1; mask < 1 << items; mask++)
        {
            var set = Enumerable.Range(0, items).Where(i => (mask & (1 << i)) != 0).ToArray();
            if (set.Length > options.MaxLength || used.Count == 0 || Count(set) / (double)used.Count < options.MinSupport)
            {
                Assert.Equal(-1, itemsets.IndexOf(set));
                continue;
            }

            expectedItemsets++;
            Assert.Equal(Count(set), itemsets.SupportCount(itemsets.IndexOf(set)));
        }

        Assert.Equal(expectedItemsets, itemsets.Count);
        Assert.True(itemsets.Stats.EstimatedItemsets >= itemsets.Count);

        // Every split of every frequent itemset that passes the thresholds is a rule.
        var expectedRules = 0;
        for (var i = 0; i < itemsets.Count; i++)
        {
            var set = itemsets.Items(i).ToArray();
            for (var mask = 1; mask < (1 << set.Length) - 1; mask++)
            {
                var left = set.Where((_, bit) => (mask & (1 << bit)) != 0).ToArray();
                var right = set.Where((_, bit) => (mask & (1 << bit)) == 0).ToArray();
                var confidence = Count(set) / (double)Count(left);
                var lift = confidence / (Count(right) / (double)used.Count);
                expectedRules += confidence >= options.MinConfidence && lift >= options.MinLift ? 1 : 0;
            }
        }

        Assert.Equal(expectedRules, rules.Count);
        foreach (var rule in rules)
        {
            var both = rule.Antecedent.Concat(rule.Consequent).ToArray();
            var support = Count(both) / (double)used.Count;
            var confidence = Count(both) / (double)Count(rule.Antecedent);
            var lift = confidence / (Count(rule.Consequent) / (double)used.Count);
            Assert.Equal(support, rule.Support, 12);
            Assert.Equal(confidence, rule.Confidence, 12);
            Assert.Equal(lift, rule.Lift, 12);
            Assert.True(rule.Confidence >= options.MinConfidence && rule.Lift >= options.MinLift);
        }
    }
}
