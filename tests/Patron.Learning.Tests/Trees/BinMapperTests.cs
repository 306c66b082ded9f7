using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning.Tests.Trees;

public sealed class BinMapperTests
{
    private static readonly FeatureSpec Numeric = new("v", FeatureKind.Numeric);

    [Fact]
    public void Fit_FewDistinctValues_OneBinEachWithBoundsBetweenThem()
    {
        float[] column = [3, 1, 2, 1, 3, float.NaN, 2];
        var bins = BinMapper.Fit(Numeric, column, 255);
        Assert.Equal(3, bins.BinCount);
        Assert.Equal(0, bins.BinOf(1));
        Assert.Equal(1, bins.BinOf(2));
        Assert.Equal(2, bins.BinOf(3));
        Assert.Equal(bins.MissingBin, bins.BinOf(float.NaN));
        Assert.InRange(bins.UpperBounds[0], 1, 2 - 1e-6);
        Assert.True(float.IsPositiveInfinity(bins.UpperBounds[^1]));
    }

    [Fact]
    public void Fit_ManyDistinctValues_AtMostMaxBinsOfSimilarSize()
    {
        var random = new Random(1);
        var column = new float[100_000];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = (float)(random.NextDouble() * 1000);
        }

        var bins = BinMapper.Fit(Numeric, column, 64);
        Assert.Equal(64, bins.BinCount);
        var counts = new int[bins.BinCount + 1];
        foreach (var v in column)
        {
            counts[bins.BinOf(v)]++;
        }

        for (var b = 0; b < bins.BinCount; b++)
        {
            Assert.InRange(counts[b], 1200, 1950);
        }
    }

    [Fact]
    public void BinOf_AnyValue_BinAtMostBIffValueAtMostUpperBound()
    {
        var random = new Random(2);
        var column = new float[5000];
        for (var i = 0; i < column.Length; i++)
        {
            // Heavy ties at zero, as in spend columns.
            column[i] = random.NextDouble() < 0.4 ? 0 : (float)Math.Exp(random.NextDouble() * 8);
        }

        var bins = BinMapper.Fit(Numeric, column, 32);
        Assert.Equal(0, bins.BinOf(0));
        foreach (var v in column)
        {
            var code = bins.BinOf(v);
            for (var b = 0; b < bins.BinCount - 1; b++)
            {
                Assert.Equal(code <= b, v <= bins.UpperBounds[b]);
            }
        }
    }

    [Fact]
    public void Fit_CategoricalWithMoreLevelsThanBins_LastBinSharedAndUnseenIsMissing()
    {
        var levels = Enumerable.Range(0, 10).Select(i => "l" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var bins = BinMapper.Fit(new FeatureSpec("c", FeatureKind.Categorical, levels), [0, 1, 9], 4);
        Assert.True(bins.IsCategorical);
        Assert.Equal(4, bins.BinCount);
        Assert.Equal(2, bins.BinOf(2));
        Assert.Equal(3, bins.BinOf(3));
        Assert.Equal(3, bins.BinOf(9));
        Assert.Equal(bins.MissingBin, bins.BinOf(10));
        Assert.Equal(bins.MissingBin, bins.BinOf(float.NaN));
    }

    [Fact]
    public void Fit_AllMissing_SingleBinAndMissingBin()
    {
        var bins = BinMapper.Fit(Numeric, [float.NaN, float.NaN], 255);
        Assert.Equal(1, bins.BinCount);
        Assert.Equal(0, bins.BinOf(5));
        Assert.Equal(1, bins.BinOf(float.NaN));
    }
}
