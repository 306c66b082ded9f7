namespace Patron.DuckDb.Tests;

public sealed class DuckDbChunkAppenderTests
{
    [Fact]
    public void AppendChunk_SeveralChunksWithNullsAndLongStrings_QueryBackMatches()
    {
        const int Rows = 5_000;
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (id VARCHAR, day DATE, n BIGINT, x DOUBLE)");
        using (var appender = connection.CreateChunkAppender("main", "t"))
        {
            var filled = 0;
            for (var i = 0; i < Rows; i++)
            {
                // Short ids are stored inline by DuckDB, long ones out of line: both kinds must survive.
                appender.SetString(0, filled, i % 2 == 0 ? $"C{i}" : $"customer-with-a-long-identifier-{i}");
                appender.Dates(1)[filled] = 19_000 + (i % 100);
                appender.Int64s(2)[filled] = i;
                if (i % 7 == 0)
                {
                    appender.SetNull(3, filled);
                }
                else
                {
                    appender.Doubles(3)[filled] = i * 0.5;
                }

                if (++filled == appender.ChunkCapacity)
                {
                    appender.AppendChunk(filled);
                    filled = 0;
                }
            }

            appender.AppendChunk(filled);
        }

        Assert.Equal(Rows, connection.Scalar<long>("SELECT count(*) FROM t"));
        Assert.Equal((long)Rows * (Rows - 1) / 2, connection.Scalar<long>("SELECT sum(n) FROM t"));
        Assert.Equal((Rows + 6) / 7, connection.Scalar<long>("SELECT count(*) FROM t WHERE x IS NULL"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM t WHERE x IS NOT NULL AND x <> n * 0.5"));
        Assert.Equal("customer-with-a-long-identifier-4099", connection.Scalar<string>("SELECT id FROM t WHERE n = 4099"));
        Assert.Equal("C4098", connection.Scalar<string>("SELECT id FROM t WHERE n = 4098"));
        Assert.Equal(new DateOnly(2022, 1, 8), connection.Scalar<DateOnly>("SELECT day FROM t WHERE n = 0")); // day 19,000 since 1970-01-01
        // A value marked NULL in one chunk is valid again in the next: the row after a chunk border is not NULL.
        Assert.False(connection.Scalar<bool>("SELECT x IS NULL FROM t WHERE n = 2049"));
    }

    [Fact]
    public void AppendChunk_IntegerAndHugeintColumns_ReadBackExactlyAsValuesAndVectors()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (n INTEGER, h HUGEINT)");
        var big = (Int128)long.MaxValue * 1_000 + 7;
        using (var appender = connection.CreateChunkAppender("main", "t"))
        {
            appender.Int32s(0)[0] = -5;
            appender.Int128s(1)[0] = big;
            appender.Int32s(0)[1] = int.MaxValue;
            appender.Int128s(1)[1] = -big;
            appender.SetNull(1, 2);
            appender.Int32s(0)[2] = 0;
            appender.AppendChunk(3);
        }

        Assert.Equal("-5|9223372036854775807007;2147483647|-9223372036854775807007;0|NULL",
            connection.Scalar<string>("SELECT string_agg(n || '|' || coalesce(h::VARCHAR, 'NULL'), ';' ORDER BY rowid) FROM t"));
        using var reader = connection.QueryStreaming("SELECT h, CAST(h AS DECIMAL(38, 0)) AS d FROM t WHERE h IS NOT NULL ORDER BY n");
        Assert.True(reader.NextChunk());
        Assert.Equal(big, reader.Vector(0).Int128s()[0]);
        Assert.Equal(-big, reader.Vector(1).Int128s()[1]);
        Assert.Throws<InvalidCastException>(() => reader.Vector(0).Int64s()[0]);
    }

    [Fact]
    public void Doubles_OnABigintColumn_ThrowsNamingTheColumn()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (n BIGINT)");
        using var appender = connection.CreateChunkAppender("main", "t");
        var error = Assert.Throws<InvalidOperationException>(() => appender.Doubles(0));
        Assert.Contains("BigInt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendChunk_InsideARolledBackTransaction_LeavesNoRows()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (n BIGINT)");
        using (var transaction = connection.BeginTransaction())
        {
            using var appender = connection.CreateChunkAppender("main", "t");
            appender.Int64s(0)[0] = 1;
            appender.AppendChunk(1);
        }

        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM t"));
    }

    [Fact]
    public void CreateChunkAppender_MissingTable_ThrowsWithDuckDbsMessage()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        var error = Assert.Throws<DuckDbException>(() => connection.CreateChunkAppender("main", "nowhere"));
        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }
}
