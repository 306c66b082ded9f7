using System.Globalization;

namespace Patron.DuckDb.Tests;

public sealed class DuckDbAppenderTests
{
    [Fact]
    public void Append_TenThousandMixedRows_QueryBackMatches()
    {
        const int Rows = 10_000;
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE orders (id BIGINT, qty INTEGER, price DOUBLE, amount DECIMAL(12,2), paid BOOLEAN, note VARCHAR, day DATE, placed_at TIMESTAMP)");
        var start = new DateTime(2024, 1, 1, 8, 0, 0);

        long expectedIds = 0;
        decimal expectedAmount = 0;
        using (var appender = connection.CreateAppender("main", "orders"))
        {
            for (var i = 0; i < Rows; i++)
            {
                appender.Append((long)i);
                if (i % 10 == 0)
                {
                    appender.AppendNull();
                }
                else
                {
                    appender.Append(i % 5);
                }

                var amount = (i % 1000) + 0.25m;
                appender.Append(i * 0.5).Append(amount).Append(i % 2 == 0);
                appender.Append(i % 3 == 0 ? null : (i % 2 == 0 ? "even row with a longer note" : "odd"));
                appender.Append(DateOnly.FromDateTime(start).AddDays(i % 366)).Append(start.AddSeconds(i));
                appender.EndRow();
                expectedIds += i;
                expectedAmount += amount;
            }
        }

        Assert.Equal(Rows, connection.Scalar<long>("SELECT COUNT(*) FROM orders"));
        Assert.Equal(expectedIds, connection.Scalar<long>("SELECT SUM(id) FROM orders"));
        Assert.Equal(expectedAmount, connection.Scalar<decimal>("SELECT SUM(amount) FROM orders"));
        Assert.Equal(Rows / 10, connection.Scalar<long>("SELECT COUNT(*) FROM orders WHERE qty IS NULL"));
        Assert.Equal(3334, connection.Scalar<long>("SELECT COUNT(*) FROM orders WHERE note IS NULL"));

        var row = connection.Query("SELECT * FROM orders WHERE id = 4321");
        Assert.Equal(1, row["qty"].GetInt32(0));
        Assert.Equal(2160.5, row["price"].GetDouble(0));
        Assert.Equal(321.25m, row["amount"].GetDecimal(0));
        Assert.False(row["paid"].GetBoolean(0));
        Assert.Equal("odd", row["note"].GetString(0));
        Assert.Equal(new DateOnly(2024, 1, 1).AddDays(4321 % 366), row["day"].GetDate(0));
        Assert.Equal(start.AddSeconds(4321), row["placed_at"].GetTimestamp(0));
    }

    [Fact]
    public void Append_Decimal_ConvertsToEachColumnTypeWithDecimalRounding()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (narrow DECIMAL(4,2), wide DECIMAL(38,10), whole INTEGER, real DOUBLE, text VARCHAR)");

        using (var appender = connection.CreateAppender("main", "t"))
        {
            appender.Append(1.255m).Append(-79228162514264337593543950.335m).Append(-2.5m).Append(0.1m).Append(1.50m).EndRow();
        }

        var row = connection.Query("SELECT * FROM t");
        Assert.Equal(1.26m, row["narrow"].GetDecimal(0));
        Assert.Equal("-79228162514264337593543950.3350000000", row["wide"].GetString(0));
        Assert.Equal(-3, row["whole"].GetInt32(0));
        Assert.Equal(0.1, row["real"].GetDouble(0));
        Assert.Equal("1.50", row["text"].GetString(0));
    }

    [Fact]
    public void Append_DecimalUnderCommaDecimalCulture_StaysExact()
    {
        var previous = CultureInfo.CurrentCulture;
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NumberGroupSeparator = ".";
        CultureInfo.CurrentCulture = commaCulture;
        try
        {
            using var connection = DuckDbConnection.OpenInMemory();
            connection.Execute("CREATE TABLE t (m DECIMAL(9,2))");
            using (var appender = connection.CreateAppender("main", "t"))
            {
                appender.Append(1234.5m).EndRow();
            }

            using var select = connection.Prepare("SELECT m FROM t WHERE m = ?");
            Assert.Equal(1234.50m, select.Bind(1, 1234.5m).Scalar<decimal>());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void EndRow_TooFewColumns_ThrowsWithDuckDbMessage()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (a INTEGER, b INTEGER)");
        using var appender = connection.CreateAppender("main", "t");

        appender.Append(1);
        var error = Assert.Throws<DuckDbException>(appender.EndRow);

        Assert.Contains("main.t", error.Message, StringComparison.Ordinal);
        Assert.Contains("column", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void CreateAppender_MissingTable_ThrowsNamingTable()
    {
        using var connection = DuckDbConnection.OpenInMemory();

        var error = Assert.Throws<DuckDbException>(() => connection.CreateAppender("main", "absent"));

        Assert.Contains("absent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flush_BeforeDispose_MakesRowsVisible()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (s VARCHAR)");
        using var appender = connection.CreateAppender("main", "t");

        appender.Append("one").EndRow();
        appender.Flush();

        Assert.Equal(1L, connection.Scalar<long>("SELECT COUNT(*) FROM t"));
    }
}
