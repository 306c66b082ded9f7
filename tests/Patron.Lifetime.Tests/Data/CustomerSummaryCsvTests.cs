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
}
