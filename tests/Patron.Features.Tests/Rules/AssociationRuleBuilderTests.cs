using Patron.DuckDb;
using Patron.Features.Rules;
using Patron.Learning.Rules;

namespace Patron.Features.Tests.Rules;

public sealed class AssociationRuleBuilderTests
{
    private static DuckDbConnection Shop()
    {
        var connection = DuckDbConnection.OpenInMemory();
        RuleShop.Build().WriteTo(connection);
        return connection;
    }

    private static RuleBuildOptions Options(BasketKind by = BasketKind.Order, RuleLevel level = RuleLevel.Product) => new()
    {
        Cutoff = RuleShop.Cutoff,
        By = by,
        Level = level,
        Mining = new RuleMiningOptions { MinSupport = 0.5, MinConfidence = 0.1, MinLift = 0 },
    };

    [Fact]
    public void Mine_OrderBaskets_CountsByHand()
    {
        using var connection = Shop();

        var mined = AssociationRuleBuilder.Mine(connection, Options());

        // Baskets {A, B}, {A, B}, {A, C}, {B}: A 3, B 3, AB 2; postage is never an item.
        Assert.Equal(4, mined.Itemsets.Baskets);
        Assert.Equal(-1, mined.Items.Code("SHIP"));
        Assert.Equal(2, mined.Rules.Count);
        var rule = Assert.Single(mined.Rules, r => mined.Items.Id(r.Antecedent[0]) == "A");
        Assert.Equal("B", mined.Items.Id(rule.Consequent[0]));
        Assert.Equal(2, rule.Count);
        Assert.Equal(2 / 3.0, rule.Confidence, 12);
        Assert.Equal((2 / 3.0) / 0.75, rule.Lift, 12);
    }

    [Fact]
    public void Mine_CustomerBaskets_OneBasketPerCustomer()
    {
        using var connection = Shop();

        var mined = AssociationRuleBuilder.Mine(connection, Options(BasketKind.Customer));

        // C1 {A, B}, C2 {A, B} (its return is not a basket), C3 {A, C}: B ⇒ A never fails.
        Assert.Equal(3, mined.Itemsets.Baskets);
        var rule = Assert.Single(mined.Rules, r => mined.Items.Id(r.Antecedent[0]) == "B");
        Assert.Equal(1.0, rule.Confidence, 12);
        Assert.Equal(double.PositiveInfinity, rule.Conviction);
    }

    [Fact]
    public void Mine_CategoryLevel_CategoriesAreItems()
    {
        using var connection = Shop();

        var mined = AssociationRuleBuilder.Mine(connection, Options(level: RuleLevel.Category));

        // Books {O1, O2, O3}, Games {O1, O2, O4}, both in O1 and O2.
        Assert.Equal(2, mined.Items.Count);
        var rule = Assert.Single(mined.Rules, r => mined.Items.Id(r.Antecedent[0]) == "Books");
        Assert.Equal("Games", mined.Items.Names(rule.Consequent));
        Assert.Equal(2, rule.Count);
    }

    [Fact]
    public void Build_Twice_ReplacesTheCutoffsRulesAndExportsInfinity()
    {
        using var connection = Shop();
        using var folder = new TempFolder();

        AssociationRuleBuilder.Build(connection, Options(BasketKind.Customer));
        var result = AssociationRuleBuilder.Build(connection, Options(BasketKind.Customer));
        AssociationRuleBuilder.Build(connection, Options());

        Assert.Equal(2, result.Rules);
        Assert.Equal(2, connection.Scalar<long>("SELECT count(*) FROM gold.association_rules WHERE basket = 'customer'"));
        Assert.Equal(4, connection.Scalar<long>("SELECT count(*) FROM gold.association_rules"));
        Assert.Equal(double.PositiveInfinity, connection.Scalar<double>("SELECT conviction FROM gold.association_rules WHERE basket = 'customer' AND antecedents = 'B'"));
        var file = folder.File("rules.csv");
        Assert.Equal(2, AssociationRuleTable.Export(connection, RuleShop.Cutoff, RuleLevel.Product, BasketKind.Customer, file));
        var lines = File.ReadAllLines(file);
        Assert.StartsWith("cutoff,level,basket,rank,antecedents,consequents,antecedent_names,consequent_names,antecedent_support", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(",inf,", StringComparison.Ordinal));
    }

    [Fact]
    public void Mine_NoCutoff_EveryPurchaseCounts()
    {
        using var connection = Shop();

        var mined = AssociationRuleBuilder.Mine(connection, Options() with { Cutoff = null });

        Assert.Equal(new DateOnly(2024, 8, 2), mined.Cutoff);
        Assert.Equal(5, mined.Itemsets.Baskets);
    }
}
