using Patron.Learning.Data;

namespace Patron.Learning.Tests.Data;

public sealed class LabeledTableTests
{
    private const string Train = "id,amount,channel,churned\nc1,10.5,web,1\nc2,3,store,0\nc3,,web,0\nc4,7,app,1\n";

    [Fact]
    public void ForTraining_IdExcludedKindsInferred_BinaryTask()
    {
        var table = LabeledTable.ForTraining(CsvTable.Read(new StringReader(Train)), "churned", "id");

        Assert.Equal(TaskKind.Binary, table.Task);
        Assert.Equal(["amount", "channel"], table.X.Schema.Features.Select(f => f.Name));
        Assert.Equal(FeatureKind.Categorical, table.X.Schema[1].Kind);
        Assert.Equal([1.0, 0, 0, 1], table.Y!);
        Assert.Equal(["c1", "c2", "c3", "c4"], table.Ids);
        Assert.True(float.IsNaN(table.X[2, 0]));
    }

    [Fact]
    public void ForTraining_NumericLabel_Regression()
    {
        var table = LabeledTable.ForTraining(CsvTable.Read(new StringReader("a,spend\n1,10.5\n2,0\n")), "spend");
        Assert.Equal(TaskKind.Regression, table.Task);
        Assert.Throws<FormatException>(() => LabeledTable.ForTraining(CsvTable.Read(new StringReader("a,spend\n1,10.5\n2,0\n")), "spend", task: TaskKind.Binary));
    }

    [Fact]
    public void ForScoring_ColumnsReorderedAndLabelAbsent_UsesModelSchema()
    {
        var train = LabeledTable.ForTraining(CsvTable.Read(new StringReader(Train)), "churned", "id");
        var later = LabeledTable.ForScoring(CsvTable.Read(new StringReader("channel,id,amount,extra\nphone,c9,4,x\n")), train.X.Schema, "churned", "id");

        Assert.Equal(train.X.Schema, later.X.Schema);
        Assert.Null(later.Y);
        Assert.True(float.IsNaN(later.X[0, 1])); // unseen level
        Assert.Equal(4f, later.X[0, 0]);
    }

    [Fact]
    public void ForScoring_MissingFeatureColumn_ClearError()
    {
        var train = LabeledTable.ForTraining(CsvTable.Read(new StringReader(Train)), "churned", "id");
        var e = Assert.Throws<SchemaMismatchException>(() => LabeledTable.ForScoring(CsvTable.Read(new StringReader("amount\n4\n")), train.X.Schema));
        Assert.Contains("'channel'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForTraining_BadLabel_NamesRow()
    {
        var e = Assert.Throws<FormatException>(() => LabeledTable.ForTraining(CsvTable.Read(new StringReader("a,y\n1,0\n2,maybe\n")), "y"));
        Assert.Contains("row 2", e.Message, StringComparison.Ordinal);
    }
}
