using Patron.DuckDb;
using Patron.Features.Rules;
using Patron.Learning.Rules;

namespace Patron.Features.Tests.Rules;

public sealed class CrossSellTests
{
    private static readonly RuleBuildOptions Options = new()
    {
        Cutoff = RuleShop.Cutoff,
        Mining = new RuleMiningOptions { MinSupport = 0.5, MinConfidence = 0.1, MinLift = 0 },
    };

    private static DuckDbConnection Shop()
    {
        var connection = DuckDbConnection.OpenInMemory();
        RuleShop.Build().WriteTo(connection);
        return connection;
    }

    [Fact]
    public void Evaluate_Horizon_C3BoughtBAsBothPredicted()
    {
        using var connection = Shop();

        var result = RuleEvaluation.Evaluate(connection, Options, 90);

        // Only C3 buys in the horizon (B and C; C it had): A ⇒ B fires for it, and B is also the most bought it lacks.
        Assert.Equal(1, result.Rules.Customers);
        Assert.Equal(1.0, result.Rules.HitRate);
        Assert.Equal(0.2, result.Rules.Precision, 12);
        Assert.Equal(1.0, result.Rules.Recall);
        Assert.Equal(1, result.CustomersWithRules);
        Assert.Equal(1.0, result.Popularity.HitRate);
        Assert.Equal(1, result.Popularity.Customers);
    }

    [Fact]
    public void NextProducts_EachCustomer_NeverWhatItBought()
    {
        using var connection = Shop();
        var mined = AssociationRuleBuilder.Mine(connection, Options);

        var next = NextProducts.Compute(connection, mined, 2);
        var rows = NextProducts.Write(connection, mined.Cutoff, next);

        Assert.Equal(["C1", "C2", "C3"], next.Select(n => n.CustomerId));
        Assert.Equal("C", next[0].Products[0].ItemId);
        Assert.Equal("popular", next[0].Products[0].Source);
        var c3 = next[2].Products[0];
        Assert.Equal(("B", "rule"), (c3.ItemId, c3.Source));
        Assert.Equal("67% of orders with A also bought B (0.9× the usual rate)", c3.Reason);
        Assert.Equal(rows, connection.Scalar<long>("SELECT count(*) FROM gold.next_products"));
    }

    [Fact]
    public void FromGold_AfterBuild_RecommendsByTheStoredRules()
    {
        using var connection = Shop();
        Assert.Null(CrossSell.FromGold(connection));
        AssociationRuleBuilder.Build(connection, Options);

        var crossSell = CrossSell.FromGold(connection);

        Assert.NotNull(crossSell);
        Assert.Equal(RuleShop.Cutoff, crossSell.Cutoff);
        var pick = Assert.Single(crossSell.Recommend(["A", "unknown"], 3));
        Assert.Equal(("B", "rule"), (pick.ItemId, pick.Source));
        Assert.Equal(2 / 3.0, pick.Score, 12);
    }

    [Fact]
    public void Evaluate_WithoutCutoff_Throws()
    {
        using var connection = Shop();

        Assert.Throws<ArgumentException>(() => RuleEvaluation.Evaluate(connection, Options with { Cutoff = null }, 90));
    }
}
