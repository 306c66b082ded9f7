using Patron.Learning.Rules;

namespace Patron.Learning.Tests.Rules;

public sealed class RuleRecommenderTests
{
    private static RuleRecommender Recommender()
    {
        var options = new RuleMiningOptions { MinSupport = 0.6, MaxLength = 10, MinConfidence = 0.5, MinLift = 0 };
        var baskets = MlxtendFixture.Baskets();
        var counts = new int[baskets.ItemCount];
        for (var b = 0; b < baskets.Count; b++)
        {
            foreach (var item in baskets[b])
            {
                counts[item]++;
            }
        }

        return new RuleRecommender(RuleGenerator.Generate(FpGrowth.Mine(baskets, options), options), baskets.ItemCount, counts);
    }

    [Fact]
    public void Recommend_Onion_EggsAndBeansByRulesNeverOnion()
    {
        var picks = Recommender().Recommend(MlxtendFixture.Codes("Onion"), 3);

        // Onion ⇒ Eggs and Onion ⇒ Kidney Beans both have confidence 1; Eggs has the higher lift (1.25 against 1).
        Assert.Equal(3, picks.Count);
        Assert.Equal(MlxtendFixture.Codes("Eggs")[0], picks[0].Item);
        Assert.Equal(MlxtendFixture.Codes("Kidney Beans")[0], picks[1].Item);
        Assert.Equal(1.0, picks[0].Score, 12);
        Assert.NotNull(picks[0].Rule);
        Assert.Null(picks[2].Rule);
        Assert.DoesNotContain(picks, p => p.Item == MlxtendFixture.Codes("Onion")[0]);
    }

    [Fact]
    public void Recommend_WithoutFill_OnlyRuleItems()
    {
        var picks = Recommender().Recommend(MlxtendFixture.Codes("Milk"), 5, fillWithPopular: false);

        var pick = Assert.Single(picks);
        Assert.Equal(MlxtendFixture.Codes("Kidney Beans")[0], pick.Item);
    }

    [Fact]
    public void RecommendPopular_SkipsTheBasket()
    {
        var picks = Recommender().RecommendPopular(MlxtendFixture.Codes("Kidney Beans"), 2);

        Assert.Equal(MlxtendFixture.Codes("Eggs")[0], picks[0].Item);
        Assert.Equal(0.8, picks[0].Score, 12);
        Assert.Equal(2, picks.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Recommend_SharedScratchOverManyBaskets_SameAsFullSortOfEveryFiredRule(int seed)
    {
        var random = new Random(seed);
        const int items = 25;
        var lists = new List<int[]>();
        for (var b = 0; b < 400; b++)
        {
            lists.Add([.. Enumerable.Range(0, random.Next(1, 7)).Select(_ => (int)(items * Math.Pow(random.NextDouble(), 2))).Distinct().Order()]);
        }

        var options = new RuleMiningOptions { MinSupport = 0.01, MaxLength = 3, MinConfidence = 0.05, MinLift = 0 };
        var baskets = BasketSet.From(lists, items);
        var rules = RuleGenerator.Generate(FpGrowth.Mine(baskets, options), options);
        var popularity = new int[items];
        foreach (var list in lists)
        {
            foreach (var item in list)
            {
                popularity[item]++;
            }
        }

        var recommender = new RuleRecommender(rules, items, popularity);
        var scratch = new RecommenderScratch(items);
        var picked = new int[4];
        var because = new int[4];
        var scores = new double[4];
        foreach (var basket in lists)
        {
            var count = recommender.Recommend(basket, scratch, picked, because, scores);

            // Reference: every fired one-item rule, the best per item, all sorted, then the most popular others.
            var best = new Dictionary<int, AssociationRule>();
            foreach (var rule in rules.Where(r => r.Consequent.Length == 1 && r.Antecedent.All(basket.Contains) && !basket.Contains(r.Consequent[0])))
            {
                if (!best.TryGetValue(rule.Consequent[0], out var current) || Better(rule, current))
                {
                    best[rule.Consequent[0]] = rule;
                }
            }

            var expected = best.Keys
                .OrderByDescending(i => best[i].Confidence).ThenByDescending(i => best[i].Lift).ThenByDescending(i => best[i].Count)
                .ThenByDescending(i => popularity[i]).ThenBy(i => i)
                .Concat(Enumerable.Range(0, items).Where(i => popularity[i] > 0 && !basket.Contains(i) && !best.ContainsKey(i))
                    .OrderByDescending(i => popularity[i]).ThenBy(i => i))
                .Take(4).ToArray();
            Assert.Equal(expected, picked.AsSpan(0, count).ToArray());
            for (var i = 0; i < count; i++)
            {
                Assert.Equal(best.TryGetValue(picked[i], out var rule) ? IndexOf(rules, rule) : -1, because[i]);
            }
        }
    }

    private static int IndexOf(IReadOnlyList<AssociationRule> rules, AssociationRule rule)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (ReferenceEquals(rules[i], rule))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Better(AssociationRule a, AssociationRule b) =>
        a.Confidence != b.Confidence ? a.Confidence > b.Confidence : a.Lift != b.Lift ? a.Lift > b.Lift : a.Count > b.Count;
}
