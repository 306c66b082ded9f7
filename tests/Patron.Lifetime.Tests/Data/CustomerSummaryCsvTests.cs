using Patron.Lifetime.Data;

namespace Patron.Lifetime.Tests.Data;

public sealed class CustomerSummaryCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("patron-lifetime-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Read_LifetimesStyleColumns_MapsEveryColumn()
    {
        var path = Path.Combine(_dir, "summary.csv");
        File.WriteAllText(path, "customer_id,frequency,recency,T,monetary_value,frequency_holdout\nc1,2,10.5,20,12.25,1\nc2,0,0,3,0,0\n");

        var summary = CustomerSummaryCsv.Read(path, TimeUnit.Days, holdoutLength: 30);

        Assert.Equal(["c1", "c2"], summary.CustomerIds);
        Assert.Equal([2, 0], summary.Frequency);
        Assert.Equal([10.5, 0.0], summary.Recency);
        Assert.Equal([20.0, 3.0], summary.Age);
        Assert.Equal([12.25, 0.0], summary.MeanRepeatSpend!);
        Assert.Equal([1, 0], summary.HoldoutFrequency!);
        Assert.Equal(30.0, summary.HoldoutLength);
    }

    [Fact]
    public void Read_BadNumber_NamesFileLineAndColumn()
    {
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, "ID,x,t_x,T\n1,2,3,4\n2,1,x1,4\n");

        var error = Assert.Throws<FormatException>(() => CustomerSummaryCsv.Read(path, TimeUnit.Weeks));

        Assert.Contains("line 3", error.Message);
        Assert.Contains("'t_x'", error.Message);
    }

    [Fact]
    public void Read_RecencyAboveAge_Rejected()
    {
        var path = Path.Combine(_dir, "inconsistent.csv");
        File.WriteAllText(path, "ID,x,t_x,T\n1,2,5,4\n");

        Assert.Throws<FormatException>(() => CustomerSummaryCsv.Read(path, TimeUnit.Weeks));
    }

    [Fact]
    public void Read_QuotedIdsWithCommasQuotesAndLineBreaks_KeepsEachFieldWhole()
    {
        var path = Path.Combine(_dir, "quoted.csv");
        File.WriteAllText(path, "\"customer_id\",frequency,recency,T\r\n\"Smith, J\",2,10,20\r\n\"say \"\"hi\"\"\",1,3,5\r\n\"two\nlines\",0,0,4\r\n");

        var summary = CustomerSummaryCsv.Read(path, TimeUnit.Days);

        Assert.Equal(["Smith, J", "say \"hi\"", "two\nlines"], summary.CustomerIds);
        Assert.Equal([2, 1, 0], summary.Frequency);
        Assert.Equal([10.0, 3.0, 0.0], summary.Recency);
        Assert.Equal([20.0, 5.0, 4.0], summary.Age);
    }

    [Fact]
    public void Read_BadNumberAfterQuotedLineBreak_NamesTheLineTheRecordStartsOn()
    {
        var path = Path.Combine(_dir, "bad-after-break.csv");
        File.WriteAllText(path, "ID,x,t_x,T\n\"a\nb\",2,3,4\n2,1,oops,4\n");

        var error = Assert.Throws<FormatException>(() => CustomerSummaryCsv.Read(path, TimeUnit.Weeks));

        Assert.Contains("line 4", error.Message);
        Assert.Contains("'t_x'", error.Message);
    }

    [Fact]
    public void Read_UnclosedQuote_NamesFileAndLine()
    {
        var path = Path.Combine(_dir, "unclosed.csv");
        File.WriteAllText(path, "ID,x,t_x,T\n\"a,2,3,4\n");

        var error = Assert.Throws<FormatException>(() => CustomerSummaryCsv.Read(path, TimeUnit.Weeks));

        Assert.Contains(path, error.Message);
        Assert.Contains("line 2", error.Message);
    }
}
