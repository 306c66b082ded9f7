using Patron.Learning.Data;

namespace Patron.Learning.Tests.Data;

public sealed class FeatureMatrixWithColumnsTests
{
    [Fact]
    public void WithNumericColumns_AppendsAfterTheOriginalColumnsAndKeepsThemUnchanged()
    {
        var x = new FeatureMatrixBuilder(3)
            .AddNumeric("a", [1, 2, 3])
            .AddCategorical("c", ["x", null, "y"])
            .Build();

        var wide = x.WithNumericColumns([new("extra", [0.5, double.NaN, 7])]);

        Assert.Equal(["a", "c", "extra"], wide.Schema.Features.Select(f => f.Name));
        Assert.Equal(FeatureKind.Numeric, wide.Schema[2].Kind);
        Assert.Equal(x.Schema[1], wide.Schema[1]);
        Assert.Equal([1f, 2f, 3f], wide.Column(0).ToArray());
        Assert.Equal(0.5f, wide[0, 2]);
        Assert.True(float.IsNaN(wide[1, 2]));
        Assert.Equal(7f, wide[2, 2]);
        Assert.Equal(2, x.ColumnCount);
    }

    [Fact]
    public void WithNumericColumns_WrongLength_Throws()
    {
        var x = new FeatureMatrixBuilder(2).AddNumeric("a", [1, 2]).Build();

        Assert.Throws<ArgumentException>(() => x.WithNumericColumns([new("b", [1.0])]));
    }
}
