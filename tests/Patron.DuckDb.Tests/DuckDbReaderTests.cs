namespace Patron.DuckDb.Tests;

public sealed class DuckDbReaderTests
{
    [Fact]
    public void QueryStreaming_HundredThousandRows_DeliversEveryRowInSeveralChunks()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute($"CREATE TABLE t AS {ChunkBorderData.Sql}");

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

        Assert.Equal(ChunkBorderData.Rows, reader.TotalRows);
        Assert.Equal(ChunkBorderData.Rows, next);
        Assert.True(chunks >= ChunkBorderData.Rows / 2048, $"expected at least {ChunkBorderData.Rows / 2048} chunks, got {chunks}");
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
