using Patron.DuckDb;
using Patron.Features.Rules;
using Patron.Learning.Rules;

namespace Patron.Features.Tests.Rules;

public sealed class SequenceRulesTests
{
    private static readonly RuleBuildOptions Options = new()
    {
        Cutoff = RuleShop.Cutoff,
        Mining = new RuleMiningOptions { MinSupport = 0.3, MinConfidence = 0, MinLift = 0 },
    };

    [Fact]
    public void Mine_C1BoughtBAMonthAfterA_OneRuleCountedByHand()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        RuleShop.Build().WriteTo(connection);

        var rules = SequenceRules.Mine(connection, Options, 90);

        // C1 bought A and B on 1 January and B again on 1 February: A then B, 31 days. B's first purchase came with A,
        // not before it, so B then A does not hold; C2 and C3 bought once before the cutoff.
        var rule = Assert.Single(rules);
        Assert.Equal(("A", "B"), (rule.Antecedent, rule.Consequent));
        Assert.Equal(1, rule.Customers);
        Assert.Equal(1 / 3.0, rule.Support, 12);
        Assert.Equal(1 / 3.0, rule.Confidence, 12);
        // The base rate of "B in a later order within 90 days of the first purchase" is C1's alone: 1 / 3.
        Assert.Equal(1.0, rule.Lift, 12);
        Assert.Equal(31.0, rule.MedianDays, 12);
        SequenceRules.Write(connection, RuleShop.Cutoff, RuleLevel.Product, 90, rules, null);
        Assert.Equal(1, connection.Scalar<long>("SELECT count(*) FROM gold.sequence_rules"));
    }

    [Fact]
    public void Mine_WindowShorterThanTheGap_NoRule()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        RuleShop.Build().WriteTo(connection);

        Assert.Empty(SequenceRules.Mine(connection, Options, 30));
    }
}
