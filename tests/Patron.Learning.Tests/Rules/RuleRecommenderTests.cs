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
}
