using Patron.Learning.Data;
using Patron.Pipeline.Tasks;

namespace Patron.Pipeline.Tests.Tasks;

public sealed class FitRowsTests
{
    [Fact]
    public void Select_WideViewAfterItsNarrowView_SameCellsAsACopy_SharesTheNarrowSamplesColumns()
    {
        const int N = 1_000;
        var schema = new FeatureSchema([new FeatureSpec("a", FeatureKind.Numeric), new FeatureSpec("b", FeatureKind.Categorical, ["x", "y", "z"])]);
        var a = new float[N];
        var b = new float[N];
        var y = new double[N];
        var extra = new double[N];
        for (var i = 0; i < N; i++)
        {
            a[i] = i % 17 == 0 ? float.NaN : i * 0.37f;
            b[i] = i % 3;
            y[i] = i % 4 == 0 ? 1 : 0;
            extra[i] = Math.Sqrt(i) / 3;
        }

        var narrow = FeatureMatrix.Create(schema, [a, b]);
        var wide = narrow.WithNumericColumns([new("lifetime_p_alive", extra)]);
        int[] rows = [.. Enumerable.Range(0, N).Where(i => i % 3 != 1)];
        var fit = new FitRows(rows, null);

        var (narrowX, narrowY) = fit.Select(narrow, y, rows);
        var (wideX, wideY) = fit.Select(wide, y, rows);

        var copy = wide.SelectRows(rows);
        Assert.Equal(copy.Schema, wideX.Schema);
        Assert.Equal(rows.Length, wideX.RowCount);
        for (var j = 0; j < copy.ColumnCount; j++)
        {
            Assert.True(copy.Column(j).SequenceEqual(wideX.Column(j)), $"column {j}");
        }

        for (var j = 0; j < narrowX.ColumnCount; j++)
        {
            Assert.True(narrowX.Column(j) == wideX.Column(j), $"column {j} copied again");
        }

        Assert.Equal(narrowY, wideY);
        Assert.Same(wideX, fit.Select(wide, y, rows).X);
    }

    [Fact]
    public void Select_MatrixAlreadyCutToTheRows_PicksTheLabelsOnly()
    {
        var schema = new FeatureSchema([new FeatureSpec("a", FeatureKind.Numeric)]);
        var cut = FeatureMatrix.Create(schema, [[1f, 2f]]);
        var fit = new FitRows([1, 3], null);

        var (x, y) = fit.Select(cut, [10, 11, 12, 13], fit.Early);

        Assert.Same(cut, x);
        Assert.Equal([11.0, 13.0], y);
        Assert.Throws<ArgumentException>(() => fit.Select(cut, [10, 11, 12, 13], [0, 1, 2]));
    }
}
