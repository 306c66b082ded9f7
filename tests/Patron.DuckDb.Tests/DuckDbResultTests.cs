namespace Patron.DuckDb.Tests;

public sealed class DuckDbResultTests
{
    [Fact]
    public void Query_HundredThousandRows_SumsAndNullsMatchAcrossChunkBorders()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute($"CREATE TABLE t AS {ChunkBorderData.Sql}");

        var result = connection.Query("SELECT * FROM t ORDER BY i");
        var ids = result["i"];
        var doubled = result["doubled"];
        var labels = result["label"];

        Assert.Equal(ChunkBorderData.Rows, result.RowCount);
        long sum = 0;
        var nulls = 0;
        for (var row = 0; row < ChunkBorderData.Rows; row++)
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
}
