namespace Patron.DuckDb.Tests;

public sealed class DuckDbPreparedStatementTests
{
    [Fact]
    public void Bind_EveryParameterType_InsertsAndReadsBack()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (b BOOLEAN, i INTEGER, l BIGINT, d DOUBLE, m DECIMAL(18,4), s VARCHAR, day DATE, ts TIMESTAMP, n INTEGER)");
        using var insert = connection.Prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        var timestamp = new DateTime(2024, 5, 6, 7, 8, 9).AddTicks(1_234_560);

        Assert.Equal(9, insert.ParameterCount);
        insert.BindAll(true, 42, 9_000_000_000L, 0.1, 1234.5678m, "Grüße aus München, longer than twelve bytes", new DateOnly(2023, 12, 31), timestamp, null);
        Assert.Equal(1, insert.ExecuteNonQuery());

        var row = connection.Query("SELECT * FROM t");
        Assert.True(row["b"].GetBoolean(0));
        Assert.Equal(42, row["i"].GetInt32(0));
        Assert.Equal(9_000_000_000L, row["l"].GetInt64(0));
        Assert.Equal(0.1, row["d"].GetDouble(0));
        Assert.Equal(1234.5678m, row["m"].GetDecimal(0));
        Assert.Equal("Grüße aus München, longer than twelve bytes", row["s"].GetString(0));
        Assert.Equal(new DateOnly(2023, 12, 31), row["day"].GetDate(0));
        Assert.Equal(timestamp, row["ts"].GetTimestamp(0));
        Assert.True(row["n"].IsNull(0));
    }

    [Fact]
    public void Execute_ReboundParameters_ReturnsNewResults()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t AS SELECT range AS x, 'k' || (range % 3) AS k FROM range(30)");
        using var count = connection.Prepare("SELECT COUNT(*) FROM t WHERE k = $1 AND x >= $2");

        var first = count.Bind(1, "k0").Bind(2, 0).Scalar<long>();
        var second = count.Bind(1, "k1").Bind(2, 15L).Scalar<long>();
        count.ClearBindings();
        var third = count.BindAll("k2", 28).Query();

        Assert.Equal(10, first);
        Assert.Equal(5, second);
        Assert.Equal(1, third[0].GetInt64(0));
    }

    [Fact]
    public void Scalar_DecimalAndDateParameters_CompareInSql()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        using var statement = connection.Prepare("SELECT ?::DECIMAL(9,2) * 2 = 2.50, ?::DATE + 1 = DATE '2024-03-01'");

        var result = statement.BindAll(1.25m, new DateOnly(2024, 2, 29)).Query();

        Assert.True(result[0].GetBoolean(0));
        Assert.True(result[1].GetBoolean(0));
    }

    [Fact]
    public void Bind_OutOfRangeIndexOrUnsupportedType_Throws()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        using var statement = connection.Prepare("SELECT ?");

        Assert.Throws<ArgumentOutOfRangeException>(() => statement.Bind(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => statement.Bind(0, 1));
        Assert.Throws<ArgumentException>(() => statement.Bind(1, new Uri("https://example.com")));
    }

    [Fact]
    public void QueryStreaming_PreparedStatement_ReadsChunks()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        using var statement = connection.Prepare("SELECT range AS x FROM range(?)");

        long total = 0;
        using (var reader = statement.Bind(1, 5000L).QueryStreaming())
        {
            while (reader.NextChunk())
            {
                var x = reader.Column(0);
                for (var row = 0; row < reader.RowCount; row++)
                {
                    total += x.GetInt64(row);
                }
            }
        }

        Assert.Equal(4999L * 5000 / 2, total);
    }
}
