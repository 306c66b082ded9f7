using Patron.Pipeline.Report;

namespace Patron.Pipeline.Tests.Report;

public sealed class KpiTableTests
{
    [Fact]
    public void TryRead_QuotedCellsWithCommasQuotesAndLineBreaks_OneCellEach()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "segments.csv");
        File.WriteAllText(path, "segment,\"customers\",revenue\r\n\"Champions, loyal\",12,\"1234.5\"\r\n\"say \"\"hi\"\"\nagain\",3,7\r\n");

        var table = KpiTable.TryRead(path);

        Assert.NotNull(table);
        Assert.Equal(new[] { "segment", "customers", "revenue" }, table.Header);
        Assert.Equal(2, table.Count);
        Assert.Equal("Champions, loyal", table.Text(0, "segment"));
        Assert.Equal(1234.5, table.Number(0, "revenue"));
        Assert.Equal("say \"hi\"\nagain", table.Text(1, "segment"));
        Assert.Equal(3.0, table.Number(1, "customers"));
    }
}
