using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Frames;
using Patron.Features.Tests.Support;

namespace Patron.Features.Tests.Frames;

public sealed class CustomerMatricesTests
{
    [Fact]
    public void Build_DropEmpty_LeavesOutOnlyColumnsWithoutAValue()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        TinyShop.Build().WriteTo(connection);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = TinyShop.Cutoff });
        var frame = CustomerFrame.Load(connection, TinyShop.Cutoff, 90);

        var all = CustomerMatrices.Build(frame, null, dropEmpty: false);
        var kept = CustomerMatrices.Build(frame, null, dropEmpty: true);

        foreach (var (name, values) in frame.NumericColumns)
        {
            Assert.Equal(FrameColumns.HasValue(values), kept.Schema.IndexOf(name) >= 0);
            Assert.True(all.Schema.IndexOf(name) >= 0);
        }

        foreach (var (name, values) in frame.CategoricalColumns)
        {
            Assert.Equal(FrameColumns.HasValue(values), kept.Schema.IndexOf(name) >= 0);
        }

        // A reference schema fixes the columns whatever this frame holds.
        Assert.Equal(kept.Schema, CustomerMatrices.Build(frame, kept.Schema, dropEmpty: false).Schema);
    }

    [Fact]
    public void HasValue_AllMissing_False()
    {
        Assert.False(FrameColumns.HasValue([double.NaN, double.NaN]));
        Assert.True(FrameColumns.HasValue([double.NaN, 0.0]));
        Assert.False(FrameColumns.HasValue(new string?[] { null }));
        Assert.True(FrameColumns.HasValue(new string?[] { null, "" }));
        Assert.False(FrameColumns.HasValue(Array.Empty<double>()));
    }
}
