using System.Text;
using Patron.DuckDb;
using Patron.Features.Dashboard;

namespace Patron.Features.Tests.Dashboard;

public sealed class DashboardWarehouseTests
{
    private static readonly string[] Names = ["customer_id", "segment", "churn_probability", "reason_1"];

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void HeaderIs_PlainNamesJoinedByCommas_TrueAndTheNamesDuckDbReads(string newline)
    {
        using var temp = new TempFolder();
        var csv = temp.File("predictions.csv");
        File.WriteAllText(csv, string.Join(",", Names) + newline + "C1,a,0.5,\"because, of this\"" + newline + "C2,b,0.25," + newline);

        Assert.True(DashboardWarehouse.HeaderIs(csv, Names));

        // What the shortcut stands for: DuckDB's sniffing of the same file reads the same names.
        using var connection = DuckDbConnection.OpenInMemory();
        using var described = connection.Query($"SELECT column_name FROM (DESCRIBE SELECT * FROM {DashboardWarehouse.PredictionsSql(csv)})");
        var read = new List<string>();
        for (var i = 0; i < (int)described.RowCount; i++)
        {
            read.Add(described["column_name"].GetString(i));
        }

        Assert.Equal(Names, read);
    }

    [Theory]
    [InlineData("\"customer_id\",segment,churn_probability,reason_1")]
    [InlineData("customer_id,segment,reason_1,churn_probability")]
    [InlineData("customer_id,segment,churn_probability")]
    [InlineData("customer_id,segment,churn_probability,reason_1,reason_2")]
    [InlineData("customer_id, segment,churn_probability,reason_1")]
    [InlineData("customer_id;segment;churn_probability;reason_1")]
    [InlineData("")]
    public void HeaderIs_AnyOtherFirstLine_False(string header)
    {
        using var temp = new TempFolder();
        var csv = temp.File("predictions.csv");
        File.WriteAllText(csv, header + "\nC1,a,0.5,x\n");

        Assert.False(DashboardWarehouse.HeaderIs(csv, Names));
    }

    [Fact]
    public void HeaderIs_ByteOrderMarkOrNamesThatAreNotPlain_False()
    {
        using var temp = new TempFolder();
        var csv = temp.File("predictions.csv");
        File.WriteAllText(csv, string.Join(",", Names) + "\nC1,a,0.5,x\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.False(DashboardWarehouse.HeaderIs(csv, Names));

        string[] odd = ["customer id", "segment"];
        File.WriteAllText(csv, "customer id,segment\nC1,a\n");
        Assert.False(DashboardWarehouse.HeaderIs(csv, odd));

        string[] twice = ["segment", "segment"];
        File.WriteAllText(csv, "segment,segment\na,b\n");
        Assert.False(DashboardWarehouse.HeaderIs(csv, twice));

        File.WriteAllText(csv, "");
        Assert.False(DashboardWarehouse.HeaderIs(csv, Names));
    }
}
