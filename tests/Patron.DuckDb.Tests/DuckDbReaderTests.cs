namespace Patron.DuckDb.Tests;

public sealed class DuckDbChunkTests
{
    private const int Rows = 100_000;

    // Rows are NULL when i % 7 == 0 or when i sits on either side of a 2048-row chunk border.
    private const string Source = """
        SELECT i,
               CASE WHEN i % 7 = 0 OR i % 2048 IN (0, 2047) THEN NULL ELSE i * 2 END AS doubled,
               CASE WHEN i % 7 = 0 OR i % 2048 IN (0, 2047) THEN NULL ELSE 'row ' || i END AS label
        FROM range(100000) AS r(i)
        ORDER BY i
        """;

    [Fact]
    public void Query_HundredThousandRows_SumsAndNullsMatchAcrossChunkBorders()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute($"CREATE TABLE t AS {Source}");

        var result = connection.Query("SELECT * FROM t ORDER BY i");
        var ids = result["i"];
        var doubled = result["doubled"];
        var labels = result["label"];

        Assert.Equal(Rows, result.RowCount);
        long sum = 0;
        var nulls = 0;
        for (var row = 0; row < Rows; row++)
        {
            Assert.Equal(row, ids.GetInt64(row));
            var expectNull = row % 7 == 0 || row % 2048 is 0 or 2047;
            Assert.Equal(expectNull, doubled.IsNull(row));
            Assert.Equal(expectNull, labels.IsNull(row));
            if (expectNull)
            {
                nulls++;
            }
            else
            {
                sum += doubled.GetInt64(row);
                Assert.Equal("row " + row, labels.GetString(row));
            }
        }

        Assert.Equal(connection.Scalar<long>("SELECT SUM(doubled) FROM t"), sum);
        Assert.Equal(connection.Scalar<long>("SELECT COUNT(*) - COUNT(doubled) FROM t"), nulls);
    }

    [Fact]
    public void QueryStreaming_HundredThousandRows_DeliversEveryRowInSeveralChunks()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute($"CREATE TABLE t AS {Source}");

        using var reader = connection.QueryStreaming("SELECT i, doubled, label FROM t ORDER BY i");
        var chunks = 0;
        long sum = 0;
        long nulls = 0;
        long next = 0;
        DuckDbColumn? firstChunkIds = null;
        while (reader.NextChunk())
        {
            chunks++;
            var ids = reader.Column("i");
            var doubled = reader.Column(1);
            firstChunkIds ??= ids;
            Assert.Equal(reader.RowCount, ids.Length);
            for (var row = 0; row < reader.RowCount; row++)
            {
                Assert.Equal(next++, ids.GetInt64(row));
                if (doubled.IsNull(row))
                {
                    nulls++;
                }
                else
                {
                    sum += doubled.GetInt64(row);
                }
            }
        }

        Assert.Equal(Rows, reader.TotalRows);
        Assert.Equal(Rows, next);
        Assert.True(chunks >= Rows / 2048, $"expected at least {Rows / 2048} chunks, got {chunks}");
        Assert.Equal(connection.Scalar<long>("SELECT SUM(doubled) FROM t"), sum);
        Assert.Equal(connection.Scalar<long>("SELECT COUNT(*) - COUNT(doubled) FROM t"), nulls);

        // A column copied from the first chunk stays readable after the reader moved on.
        Assert.Equal(0, firstChunkIds!.GetInt64(0));
        Assert.Equal(new[] { "i", "doubled", "label" }, reader.ColumnNames);
        Assert.False(reader.NextChunk());
    }

    [Fact]
    public void QueryStreaming_ColumnBeforeNextChunk_Throws()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        using var reader = connection.QueryStreaming("SELECT 1 AS x");

        Assert.Throws<InvalidOperationException>(() => reader.Column(0));
        Assert.True(reader.NextChunk());
        Assert.Equal(1, reader.Column("x").GetInt32(0));
    }
}
