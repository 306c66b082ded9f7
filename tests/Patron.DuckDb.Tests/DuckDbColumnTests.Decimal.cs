namespace Patron.DuckDb.Tests;

public sealed partial class DuckDbColumnTests
{
    [Theory]
    [InlineData(4, 1, "-123.4")]
    [InlineData(4, 1, "0.5")]
    [InlineData(9, 3, "123456.789")]
    [InlineData(9, 3, "-0.001")]
    [InlineData(18, 6, "-123456789012.345678")]
    [InlineData(18, 6, "999999999999.999999")]
    [InlineData(38, 10, "12.3456789012")]
    [InlineData(38, 10, "-7922816251426433759.3543950335")]
    public void Query_DecimalWidths_ReadExactly(int width, int scale, string text)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute($"CREATE TABLE t (m DECIMAL({width},{scale})); INSERT INTO t VALUES ('{text}'), (NULL)");

        var column = connection.Query("SELECT m FROM t ORDER BY m NULLS LAST")["m"];
        var expected = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(DuckDbType.Decimal, column.Type);
        Assert.Equal(width, column.Precision);
        Assert.Equal(scale, column.Scale);
        Assert.Equal(expected, column.GetDecimal(0));
        Assert.Equal((double)expected, column.GetDouble(0), 1e-12 * Math.Max(1, Math.Abs((double)expected)));
        Assert.Equal(DecimalText(text, scale), column.GetString(0));
        Assert.True(column.IsNull(1));
        Assert.True(double.IsNaN(column.ToDoubleArray()[1]));
    }

    [Fact]
    public void GetDecimal_Decimal38BeyondSystemDecimal_RoundsFractionButStringStaysExact()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        const string Text = "1234567890123456789012345678.0123456789";

        var column = connection.Query($"SELECT '{Text}'::DECIMAL(38,10) AS m")["m"];

        Assert.Equal(Text, column.GetString(0));
        Assert.Equal(1234567890123456789012345678.0m, column.GetDecimal(0));
        Assert.Equal(1.2345678901234568e27, column.GetDouble(0), 1e12);
    }

    [Fact]
    public void Scalar_SumOfDecimal_ReturnsExactDecimal()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (m DECIMAL(18,2)); INSERT INTO t SELECT (range / 100.0)::DECIMAL(18,2) FROM range(1, 1001)");

        // SUM over DECIMAL(18,2) widens to DECIMAL(38,2), stored as a 128-bit integer.
        Assert.Equal(5005.00m, connection.Scalar<decimal>("SELECT SUM(m) FROM t"));
        Assert.Equal(5005.0, connection.Scalar<double>("SELECT SUM(m) FROM t"));
    }

    private static string DecimalText(string text, int scale)
    {
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var fraction = point < 0 ? 0 : text.Length - point - 1;
        return (point < 0 ? text + "." : text) + new string('0', scale - fraction);
    }
}
