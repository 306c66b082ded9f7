using Patron.Learning.Rules;

namespace Patron.Learning.Tests.Rules;

public sealed class RuleGeneratorTests
{
    private static IReadOnlyList<AssociationRule> FixtureRules(double minConfidence)
    {
        var options = new RuleMiningOptions { MinSupport = 0.6, MaxLength = 10, MinConfidence = minConfidence, MinLift = 0 };
        return RuleGenerator.Generate(FpGrowth.Mine(MlxtendFixture.Baskets(), options), options);
    }

    private static AssociationRule Find(IReadOnlyList<AssociationRule> rules, string[] antecedent, string[] consequent) =>
        Assert.Single(rules, r => r.Antecedent.AsSpan().SequenceEqual(MlxtendFixture.Codes(antecedent)) && r.Consequent.AsSpan().SequenceEqual(MlxtendFixture.Codes(consequent)));

    [Fact]
    public void Generate_MlxtendFixture_RuleCountsAtEachConfidence()
    {
        // mlxtend's association_rules on the 11 itemsets: 16 rules in all, 12 at confidence ≥ 0.7 (the user guide's
        // example), 9 at its default threshold of 0.8 (the "9 rules" of published-values.md).
        Assert.Equal(16, FixtureRules(0).Count);
        Assert.Equal(12, FixtureRules(0.7).Count);
        Assert.Equal(9, FixtureRules(0.8).Count);
    }

    [Fact]
    public void Generate_MlxtendFixture_PublishedMeasures()
    {
        var rules = FixtureRules(0.7);

        // {Kidney Beans, Onion} ⇒ {Eggs}: support 0.6, confidence 1.0, lift 1.25, leverage 0.12, conviction ∞ as
        // published. (published-values.md writes this rule as {Eggs, Onion} ⇒ {Kidney Beans}, but Kidney Beans is in
        // every basket, so that rule's lift is 1.0; both are checked.)
        var rule = Find(rules, ["Kidney Beans", "Onion"], ["Eggs"]);
        Assert.Equal(0.6, rule.AntecedentSupport, 12);
        Assert.Equal(0.8, rule.ConsequentSupport, 12);
        Assert.Equal(0.6, rule.Support, 12);
        Assert.Equal(1.0, rule.Confidence, 12);
        Assert.Equal(1.25, rule.Lift, 12);
        Assert.Equal(0.12, rule.Leverage, 12);
        Assert.Equal(double.PositiveInfinity, rule.Conviction);
        Assert.Equal(0.5, rule.ZhangsMetric, 12);
        Assert.Equal(0.75, rule.Jaccard, 12);
        Assert.Equal(3, rule.Count);

        var other = Find(rules, ["Eggs", "Onion"], ["Kidney Beans"]);
        Assert.Equal(1.0, other.Confidence, 12);
        Assert.Equal(1.0, other.Lift, 12);
        Assert.Equal(0.0, other.Leverage, 12);

        // {Eggs} ⇒ {Kidney Beans}: confidence 1.0, lift 1.0 (published).
        var eggs = Find(rules, ["Eggs"], ["Kidney Beans"]);
        Assert.Equal(1.0, eggs.Confidence, 12);
        Assert.Equal(1.0, eggs.Lift, 12);

        // {Eggs} ⇒ {Onion}: confidence 0.75, lift 1.25, leverage 0.12, conviction (1 − 0.6) / (1 − 0.75) = 1.6,
        // Zhang 0.12 / max(0.6 · 0.2, 0.8 · 0) = 1, Jaccard 0.6 / (0.8 + 0.6 − 0.6) = 0.75.
        var onion = Find(rules, ["Eggs"], ["Onion"]);
        Assert.Equal(0.75, onion.Confidence, 12);
        Assert.Equal(1.25, onion.Lift, 12);
        Assert.Equal(1.6, onion.Conviction, 12);
        Assert.Equal(1.0, onion.ZhangsMetric, 12);
        Assert.Equal(0.75, onion.Jaccard, 12);
    }

    [Fact]
    public void Generate_MinLift_DropsIndependentRules()
    {
        var options = new RuleMiningOptions { MinSupport = 0.6, MaxLength = 10, MinConfidence = 0.7, MinLift = 1.2 };
        var rules = RuleGenerator.Generate(FpGrowth.Mine(MlxtendFixture.Baskets(), options), options);

        // mlxtend's association_rules(metric="lift", min_threshold=1.2) keeps these 6, all of lift 1.25.
        Assert.Equal(6, rules.Count);
        Assert.All(rules, r => Assert.Equal(1.25, r.Lift, 12));
    }

    [Fact]
    public void Generate_Order_LiftThenConfidenceDescending()
    {
        var rules = FixtureRules(0);

        for (var i = 1; i < rules.Count; i++)
        {
            Assert.True(RuleGenerator.Compare(rules[i - 1], rules[i]) < 0);
        }
    }

    [Fact]
    public void ZhangsMetric_BothTermsZero_Zero()
    {
        var rule = new AssociationRule { Antecedent = [0], Consequent = [1], AntecedentCount = 4, ConsequentCount = 4, Count = 4, Baskets = 4 };

        Assert.Equal(0.0, rule.ZhangsMetric);
        Assert.Equal(double.PositiveInfinity, rule.Conviction);
    }
}
