using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Frames;
using Patron.Features.Registry;
using Patron.Features.Tests.Support;

namespace Patron.Features.Tests.Frames;

public sealed class CustomerFrameTests
{
    [Fact]
    public void Load_TinyShop_CustomersInIdOrderWithTheHandComputedFeatures()
    {
        using var connection = BuildTinyShop();

        var frame = CustomerFrame.Load(connection, TinyShop.Cutoff, 90);

        Assert.Equal(["C1", "C2"], frame.Ids);
        Assert.Equal(TinyShop.Cutoff, frame.Cutoff);
        Assert.Equal(90, frame.HorizonDays);
        Assert.Equal(60.0, frame.Numeric("net_revenue")[0], 9);
        Assert.Equal(11.0, frame.Numeric("days_since_last_order")[0]);
        Assert.Equal(1.0, frame.Numeric("days_since_last_order")[1]);
        Assert.Equal("Electronics", frame.Categorical("favourite_category")[0]);
        Assert.Equal("Lost", frame.Segments[0]);
    }

    [Fact]
    public void Load_TinyShop_NullsBecomeNaNAndTheRfmCellIsLeftOut()
    {
        using var connection = BuildTinyShop();

        var frame = CustomerFrame.Load(connection, TinyShop.Cutoff, 90);

        // C2 has one order, so no gap between orders.
        Assert.True(double.IsNaN(frame.Numeric("gap_mean_days")[1]));
        Assert.Throws<KeyNotFoundException>(() => frame.Categorical("rfm_cell"));
        Assert.Throws<KeyNotFoundException>(() => frame.Numeric("no_such_feature"));
    }

    [Fact]
    public void Load_TinyShop_ColumnsFollowTheRegistryOrder()
    {
        using var connection = BuildTinyShop();

        var frame = CustomerFrame.Load(connection, TinyShop.Cutoff, 90);

        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < FeatureRegistry.All.Count; i++)
        {
            position[FeatureRegistry.All[i].Name] = i;
        }

        var last = -1;
        var count = 0;
        foreach (var (name, values) in frame.NumericColumns)
        {
            Assert.True(position[name] > last, $"{name} is out of registry order");
            Assert.Equal(2, values.Length);
            last = position[name];
            count++;
        }

        foreach (var (name, _) in frame.CategoricalColumns)
        {
            Assert.Equal(FeatureType.Category, FeatureRegistry.Find(name)!.Type);
            count++;
        }

        Assert.Equal(FeatureRegistry.All.Count - 1, count);
    }

    [Fact]
    public void Load_LabelsOfTheHorizon_ZeroOneAndSpend()
    {
        using var connection = BuildTinyShop();

        var frame = CustomerFrame.Load(connection, TinyShop.Cutoff, 90);

        // C1 buys 10 on 2024-07-15, inside the horizon; C2 buys nothing.
        Assert.Equal([0.0, 1.0], frame.Labels["churn"]);
        Assert.Equal([1.0, 0.0], frame.Labels["repeat"]);
        Assert.Equal([1.0, 0.0], frame.Labels["high_value"]);
        Assert.Equal([10.0, 0.0], frame.Labels["future_spend"]);
    }

    [Fact]
    public void Load_HorizonWithoutLabels_LabelsAreZero()
    {
        using var connection = BuildTinyShop();

        var frame = CustomerFrame.Load(connection, TinyShop.Cutoff, 30);

        foreach (var name in CustomerFrame.LabelNames)
        {
            Assert.Equal([0.0, 0.0], frame.Labels[name]);
        }
    }

    [Fact]
    public void Load_CutoffWithoutFeatures_EmptyFrame()
    {
        using var connection = BuildTinyShop();

        var frame = CustomerFrame.Load(connection, TinyShop.Cutoff.AddDays(-7), 90);

        Assert.Equal(0, frame.Count);
        Assert.Empty(frame.Labels["churn"]);
        Assert.Empty(frame.Segments);
    }

    private static DuckDbConnection BuildTinyShop()
    {
        var connection = DuckDbConnection.OpenInMemory();
        TinyShop.Build().WriteTo(connection);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = TinyShop.Cutoff });
        return connection;
    }
}
