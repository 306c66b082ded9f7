using Patron.Lifetime.Data;

namespace Patron.Lifetime.Tests.Data;

public sealed class DiscreteSummaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("patron-lifetime-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReadCsv_QuotedHeadersAndCellsWithCrlf_ReadsEveryRow()
    {
        var path = Path.Combine(_dir, "bgbb.csv");
        File.WriteAllText(path, "\"frequency\",\"recency\",\"periods\",\"weights\",\"note, free text\"\r\n\"2\",3,6,\"1000\",\"a, b\"\r\n0,0,6,\"20\",\"say \"\"x\"\"\r\nsecond line\"\r\n");

        var summary = DiscreteSummary.ReadCsv(path);

        Assert.Equal([2, 0], summary.Frequency);
        Assert.Equal([3, 0], summary.Recency);
        Assert.Equal([6, 6], summary.Opportunities);
        Assert.Equal([1000.0, 20.0], summary.Weights);
    }

    [Fact]
    public void ReadCsv_FractionalCount_NamesFileLineAndColumn()
    {
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, "x,t_x,n\n1,1,6\n\"1.5\",2,6\n");

        var error = Assert.Throws<FormatException>(() => DiscreteSummary.ReadCsv(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("line 3, column 'x'", error.Message);
    }
}
