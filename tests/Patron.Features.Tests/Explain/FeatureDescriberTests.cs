using Patron.Features.Explain;
using Patron.Features.Registry;
using Patron.Learning.Data;

namespace Patron.Features.Tests.Explain;

public sealed class FeatureDescriberTests
{
    private static readonly FeatureSchema Schema = new(
    [
        new FeatureSpec("days_since_last_order", FeatureKind.Numeric),
        new FeatureSpec("gap_mean_days", FeatureKind.Numeric),
        new FeatureSpec("return_rate", FeatureKind.Numeric),
        new FeatureSpec("net_revenue", FeatureKind.Numeric),
        new FeatureSpec("rfm_segment", FeatureKind.Categorical, ["Champions", "Lost"]),
        new FeatureSpec("custom_thing", FeatureKind.Numeric),
        new FeatureSpec("orders", FeatureKind.Numeric),
        new FeatureSpec("lifetime_p_alive", FeatureKind.Numeric),
        new FeatureSpec("lifetime_expected_clv_90", FeatureKind.Numeric),
        new FeatureSpec("lifetime_expected_purchases_90", FeatureKind.Numeric),
    ]);

    private static readonly FeatureMatrix X = FeatureMatrix.Create(Schema,
    [
        [142f, 10f],
        [45f, float.NaN],
        [0.25f, float.NaN],
        [1234.5f, 0f],
        [1f, 0f],
        [2.5f, 1f],
        [3f, 1f],
        [0.625f, float.NaN],
        [1234.5f, 0f],
        [1.25f, 0f],
    ]);

    [Fact]
    public void Describe_RecencyWithUsualGap_RelatesThem()
        => Assert.Equal("no order for 142 days, 3.2 times their usual gap of 45 days", Describe(0, 0));

    [Fact]
    public void Describe_RecencyWithoutGap_DaysOnly()
        => Assert.Equal("no order for 10 days", Describe(0, 1));

    [Fact]
    public void Describe_UnitsShareMoneyCountCategory()
    {
        Assert.Equal("Returns per purchase: 25%", Describe(2, 0));
        Assert.Equal("Money kept: purchases minus returns: 1,234.50", Describe(3, 0));
        Assert.Equal("Named segment from the rule table over R and FM: Lost", Describe(4, 0));
        Assert.Equal("Purchases before the cutoff: 3 orders", Describe(6, 0));
        Assert.Equal("Returns per purchase: unknown", Describe(2, 1));
    }

    [Fact]
    public void Describe_UnknownFeature_FallsBackToDefault()
        => Assert.Equal("custom_thing = 2.5", Describe(5, 0));

    [Fact]
    public void Describe_LifetimeOutputs_NamedByTheModelAndUnit()
    {
        Assert.Equal("Probability the customer is still active (BG/NBD): 62.5%", Describe(7, 0));
        Assert.Equal("Probability the customer is still active (BG/NBD): unknown", Describe(7, 1));
        Assert.Equal("Expected value over the next 90 days (BG/NBD x Gamma-Gamma): 1,234.50", Describe(8, 0));
        Assert.Equal("Expected purchases in the next 90 days (BG/NBD): 1.25 orders", Describe(9, 0));
    }

    [Theory]
    [InlineData("lifetime_p_no_purchase_30", "Probability of no purchase in the next 30 days (BG/NBD)", "share")]
    [InlineData("lifetime_expected_spend", "Expected spend per order (Gamma-Gamma)", "currency")]
    [InlineData("lifetime_unknown", "unknown", "")]
    [InlineData("custom_thing", "custom_thing", "")]
    public void LabelAndUnit_NonRegistryNames_PhraseOrName(string name, string label, string unit)
        => Assert.Equal((label, unit), FeatureLabels.LabelAndUnit(name));

    [Fact]
    public void LabelAndUnit_RegistryFeature_DescriptionWithoutTheFinalStop()
    {
        var (label, unit) = FeatureLabels.LabelAndUnit("days_since_last_order");
        Assert.False(label.EndsWith('.'));
        Assert.Equal(FeatureRegistry.Find("days_since_last_order")!.Unit, unit);
        Assert.StartsWith(label, FeatureRegistry.Find("days_since_last_order")!.Description, StringComparison.Ordinal);
    }

    private static string Describe(int column, int row) => FeatureDescriber.Instance.Describe(Schema[column], X[row, column], X, row);
}
