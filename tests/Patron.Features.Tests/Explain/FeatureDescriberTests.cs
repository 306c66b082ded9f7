using Patron.Features.Explain;
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

    private static string Describe(int column, int row) => FeatureDescriber.Instance.Describe(Schema[column], X[row, column], X, row);
}
