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

        Assert.Equal(3, next.Customers);
        Assert.Equal("C", next.Suggestion(0, 0).ItemId);
        Assert.Equal("popular", next.Suggestion(0, 0).Source);
        var c3 = next.Suggestion(2, 0);
        Assert.Equal(("B", "rule"), (c3.ItemId, c3.Source));
        Assert.Equal("67% of orders with A also bought B (0.9× the usual rate)", c3.Reason);
        Assert.Equal(rows, connection.Scalar<long>("SELECT count(*) FROM gold.next_products"));

        // Gold holds the same picks with their texts, customers in id order.
        var stored = NextProducts.Read(connection, mined.Cutoff);
        Assert.Equal(["C1", "C2", "C3"], stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(next.Suggestion(0, 0), stored["C1"][0]);
        Assert.Equal(c3, stored["C3"][0]);
        for (var c = 0; c < next.Customers; c++)
        {
            var id = $"C{c + 1}";
            Assert.Equal(next.Count(c), stored[id].Length);
            for (var r = 0; r < next.Count(c); r++)
            {
                Assert.Equal(next.Suggestion(c, r), stored[id][r]);
            }
        }
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
    public void Evaluate_LinesOfTheMiningAtTheHorizonsEnd_SameResultAsSelectingThemAgain()
    {
        using var connection = Shop();
        var expected = RuleEvaluation.Evaluate(connection, Options, 90);

        // The run's order: mining at the horizon's end (the scoring cutoff), then the check a horizon before it.
        var atEnd = AssociationRuleBuilder.Mine(connection, Options with { Cutoff = RuleShop.Cutoff.AddDays(90) });
        var reused = RuleEvaluation.Evaluate(connection, Options, 90, linesOf: atEnd);

        Assert.Equal(expected, reused);
        Assert.Equal(1, reused.Rules.Customers);

        // A mining whose cutoff is not the horizon's end is not reused: its lines would miss the horizon's purchases.
        var atStart = AssociationRuleBuilder.Mine(connection, Options);
        Assert.Equal(expected, RuleEvaluation.Evaluate(connection, Options, 90, linesOf: atStart));
    }

    [Fact]
    public void Evaluate_WithoutCutoff_Throws()
    {
        using var connection = Shop();

        Assert.Throws<ArgumentException>(() => RuleEvaluation.Evaluate(connection, Options with { Cutoff = null }, 90));
    }
}
