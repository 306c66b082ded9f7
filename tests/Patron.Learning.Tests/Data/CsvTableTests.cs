using System.Text;
using Patron.Learning.Data;

namespace Patron.Learning.Tests.Data;

public sealed class CsvTableTests
{
    [Fact]
    public void Read_QuotedNewlineCrlfAndBlankLine_Parsed()
    {
        var table = CsvTable.Read(new StringReader("a,b\r\n\"x\ny\",1\r\n\r\n\"\",\"q\"\"\"\r\nlast,2"));
        Assert.Equal(3, table.RowCount);
        Assert.Equal("x\ny", table.Column("a")[0]);
        Assert.Equal("", table.Column("a")[1]);
        Assert.Equal("q\"", table.Column("b")[1]);
        Assert.Equal("2", table.Column(1).Cell(2).ToString());
    }

    [Fact]
    public void ReadFile_Utf8Bom_HeaderWithoutBom()
    {
        var path = Path.Combine(Path.GetTempPath(), $"patron-csv-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "id,name\n1,Zoë\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            var table = CsvTable.ReadFile(path);
            Assert.Equal("id", table.Header[0]);
            Assert.Equal("Zoë", table.Column("name")[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_UnclosedQuote_ThrowsWithLine()
    {
        var e = Assert.Throws<FormatException>(() => CsvTable.Read(new StringReader("a\n1\n\"open\n")));
        Assert.Contains("not closed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LargerThanOneBlock_EveryRowKept()
    {
        var text = new StringBuilder("id,value\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(i).Append(',').Append(i * 0.5).Append('\n');
        }

        var table = CsvTable.Read(new StringReader(text.ToString()));
        Assert.Equal(20_000, table.RowCount);
        Assert.Equal("19999", table.Column("id")[19_999]);
        Assert.Equal("9999.5", table.Column("value")[19_999]);
    }

    [Fact]
    public void Column_Unknown_ListsColumns()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => CsvTable.Read(new StringReader("a,b\n1,2\n")).Column("c"));
        Assert.Contains("a, b", e.Message, StringComparison.Ordinal);
    }
}
