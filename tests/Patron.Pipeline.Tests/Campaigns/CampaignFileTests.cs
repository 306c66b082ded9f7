using Patron.Pipeline.Campaigns;

namespace Patron.Pipeline.Tests.Campaigns;

public sealed class CampaignFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void Read_AnyColumnOrderQuotedNames_Campaigns()
    {
        var path = Write("End,name,START\n2026-03-07,\"Spring, 20 % off\",2026-03-01\n\n2026-05-01,May day,2026-05-01\n");

        var campaigns = CampaignFile.Read(path);

        Assert.Equal(2, campaigns.Count);
        Assert.Equal("Spring, 20 % off", campaigns[0].Name);
        Assert.Equal(new DateOnly(2026, 3, 1), campaigns[0].Start);
        Assert.Equal(new DateOnly(2026, 3, 7), campaigns[0].End);
        Assert.Equal(campaigns[1].Start, campaigns[1].End);
    }

    [Theory]
    [InlineData("name,start\nA,2026-01-01\n", "line 1: expected the columns name, start and end")]
    [InlineData("name,start,end\nA,2026-01-01,2026-13-01\n", "line 2, column end: expected a date as yyyy-MM-dd, got '2026-13-01'")]
    [InlineData("name,start,end\nA,01/02/2026,2026-02-01\n", "line 2, column start: expected a date")]
    [InlineData("name,start,end\nA,2026-01-01,2026-01-05\nB,2026-02-05,2026-02-01\n", "line 3, column end: campaign 'B' ends (2026-02-01) before it starts (2026-02-05)")]
    [InlineData("name,start,end\nA,2026-01-01,2026-01-05\nA,2026-02-01,2026-02-05\n", "line 3, column name: campaign 'A' is listed twice")]
    [InlineData("name,start,end\n,2026-01-01,2026-01-05\n", "line 2, column name: the campaign has no name")]
    [InlineData("name,start,end\nA,2026-01-01\n", "line 2: expected 3 fields as the header has, got 2")]
    [InlineData("", "line 1: the file is empty")]
    public void Read_BadFile_ErrorNamesFileLineAndColumn(string text, string expected)
    {
        var path = Write(text);

        var error = Assert.Throws<InvalidDataException>(() => CampaignFile.Read(path));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_SaysWhere()
    {
        var error = Assert.Throws<FileNotFoundException>(() => CampaignFile.Read(_temp.File("none.csv")));
        Assert.Contains("--campaigns", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    private string Write(string text)
    {
        var path = _temp.File("campaigns-" + Guid.NewGuid().ToString("N")[..6] + ".csv");
        File.WriteAllText(path, text);
        return path;
    }
}
