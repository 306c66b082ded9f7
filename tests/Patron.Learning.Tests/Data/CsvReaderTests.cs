using Patron.Learning.Data;

namespace Patron.Learning.Tests.Data;

public sealed class CsvReaderTests
{
    [Fact]
    public void Read_Rfc4180Fields_QuotesRemovedAndLinesCounted()
    {
        var csv = new CsvReader(new StringReader("a,\"b, c\",\"d \"\"e\"\"\"\r\n\"x\ny\",,z\r\nlast,\"\",1"));

        Assert.True(csv.Read());
        Assert.Equal(1, csv.Line);
        Assert.Equal(["a", "b, c", "d \"e\""], Fields(csv));
        Assert.True(csv.Read());
        Assert.Equal(2, csv.Line);
        Assert.Equal(["x\ny", "", "z"], Fields(csv));
        Assert.True(csv.Read());
        Assert.Equal(4, csv.Line);
        Assert.Equal(["last", "", "1"], Fields(csv));
        Assert.False(csv.Read());
    }

    [Fact]
    public void Read_BlankLineAndBareCr_BlankRecordThenNext()
    {
        var csv = new CsvReader(new StringReader("a,b\r\rc,d\n"));

        Assert.True(csv.Read());
        Assert.False(csv.IsBlank);
        Assert.True(csv.Read());
        Assert.True(csv.IsBlank);
        Assert.True(csv.Read());
        Assert.Equal(["c", "d"], Fields(csv));
        Assert.Equal(3, csv.Line);
        Assert.False(csv.Read());
    }

    [Fact]
    public void Read_UnclosedQuote_ThrowsNamingTheStartLine()
    {
        var csv = new CsvReader(new StringReader("a,b\n\"open,\nstill open"));
        Assert.True(csv.Read());

        var error = Assert.Throws<FormatException>(() => csv.Read());

        Assert.Contains("line 2", error.Message);
    }

    private static string[] Fields(CsvReader csv)
    {
        var fields = new string[csv.FieldCount];
        for (var k = 0; k < fields.Length; k++)
        {
            fields[k] = csv.Field(k).ToString();
        }

        return fields;
    }
}
