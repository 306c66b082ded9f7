using System.Globalization;
using Patron.Learning.Data;

namespace Patron.Learning.Tests.Data;

public sealed class FeatureSchemaTests
{
    [Fact]
    public void Equals_SameStructureDifferentInstances_True()
    {
        var a = new FeatureSchema([new FeatureSpec("age", FeatureKind.Numeric), new FeatureSpec("ch", FeatureKind.Categorical, ["a", "b"])]);
        var b = new FeatureSchema([new FeatureSpec("age", FeatureKind.Numeric), new FeatureSpec("ch", FeatureKind.Categorical, new List<string> { "a", "b" })]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        a.EnsureCompatible(b);
        Assert.Equal(1, a.IndexOf("ch"));
        Assert.Equal(-1, a.IndexOf("nope"));
    }

    [Fact]
    public void EnsureCompatible_DifferentLevel_NamesColumnAndLevel()
    {
        var a = new FeatureSchema([new FeatureSpec("age", FeatureKind.Numeric), new FeatureSpec("ch", FeatureKind.Categorical, ["a", "b"])]);
        var b = new FeatureSchema([new FeatureSpec("age", FeatureKind.Numeric), new FeatureSpec("ch", FeatureKind.Categorical, ["a", "c"])]);
        var e = Assert.Throws<SchemaMismatchException>(() => a.EnsureCompatible(b));
        Assert.Contains("column 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("'ch'", e.Message, StringComparison.Ordinal);
        Assert.Contains("level 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureCompatible_MissingColumn_SaysWhichIsLacking()
    {
        var a = new FeatureSchema([new FeatureSpec("age", FeatureKind.Numeric), new FeatureSpec("spend", FeatureKind.Numeric)]);
        var b = new FeatureSchema([new FeatureSpec("age", FeatureKind.Numeric)]);
        var e = Assert.Throws<SchemaMismatchException>(() => a.EnsureCompatible(b));
        Assert.Contains("'spend'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_InfersKindsAndAppliesSchema_UnseenLevelIsMissing()
    {
        var train = new FeatureMatrixBuilder(4)
            .AddText("amount", ["1.5", "2", "", "NA"])
            .AddText("channel", ["web", "store", "web", null])
            .AddText("vip", ["true", "false", "TRUE", ""])
            .Build();
        Assert.Equal(FeatureKind.Numeric, train.Schema[0].Kind);
        Assert.Equal(FeatureKind.Categorical, train.Schema[1].Kind);
        Assert.Equal(["store", "web"], train.Schema[1].Levels);
        Assert.Equal(FeatureKind.Boolean, train.Schema[2].Kind);
        Assert.True(float.IsNaN(train[2, 0]));
        Assert.Equal(1f, train[0, 1]);

        var score = new FeatureMatrixBuilder(2)
            .AddText("vip", ["false", "true"])
            .AddText("channel", ["app", "store"])
            .AddText("amount", ["3", "4"])
            .Build(train.Schema);
        Assert.Equal(train.Schema, score.Schema);
        Assert.True(float.IsNaN(score[0, 1]));
        Assert.Equal(0f, score[1, 1]);
    }

    [Fact]
    public void Builder_AllMissingColumn_Numeric()
    {
        var m = new FeatureMatrixBuilder(2).AddText("empty", ["", "NA"]).Build();
        Assert.Equal(FeatureKind.Numeric, m.Schema[0].Kind);
    }

    [Fact]
    public void Builder_CommaDecimalCulture_ParsesInvariant()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // The build runs with invariant globalization, so a comma-decimal culture is made by hand.
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = comma;
            var m = new FeatureMatrixBuilder(1).AddText("a", ["1.25"]).Build();
            Assert.Equal(1.25f, m[0, 0]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Create_InvalidCategoricalCode_Throws()
    {
        var schema = new FeatureSchema([new FeatureSpec("c", FeatureKind.Categorical, ["a", "b"])]);
        Assert.Throws<ArgumentException>(() => FeatureMatrix.Create(schema, [[0f, 2f]]));
    }

    [Fact]
    public void CsvTable_QuotedFields_Parsed()
    {
        var table = CsvTable.Read(new StringReader("id,name,v\n1,\"a, \"\"b\"\"\",2.5\r\n2,c,\n"));
        Assert.Equal(2, table.RowCount);
        Assert.Equal("a, \"b\"", table.Column("name")[0]);
        Assert.Equal("", table.Column("v")[1]);
    }

    [Fact]
    public void CsvTable_RaggedRow_ThrowsWithLine()
    {
        var e = Assert.Throws<FormatException>(() => CsvTable.Read(new StringReader("a,b\n1,2\n3\n")));
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
    }
}
