using System.Text;

namespace Patron.DuckDb.Tests;

public sealed class DuckDbRowSourceTests
{
    [Fact]
    public void Scan_InsertSelect_EveryBatchArrivesOnceWithNullsAndStrings()
    {
        const int Rows = 50_000;
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("SET threads = 4; CREATE TABLE t (id VARCHAR, day DATE, n BIGINT, x DOUBLE, k INTEGER, b BOOLEAN)");
        var source = new Numbers(Rows);
        using (var scope = connection.Scan(source))
        {
            connection.Execute($"INSERT INTO t SELECT * FROM {scope.Sql}");
        }

        Assert.Equal(Rows, connection.Scalar<long>("SELECT count(*) FROM t"));
        Assert.Equal(Rows, connection.Scalar<long>("SELECT count(DISTINCT n) FROM t"));
        Assert.Equal((long)Rows * (Rows - 1) / 2, connection.Scalar<long>("SELECT sum(n) FROM t"));
        // Every seventh x is NULL, the rest are n / 2; long ids (odd n) live outside the vector and must survive too.
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM t WHERE (n % 7 = 0) <> (x IS NULL)"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM t WHERE x IS NOT NULL AND x <> n / 2"));
        Assert.Equal(0, connection.Scalar<long>(
            "SELECT count(*) FROM t WHERE id <> CASE WHEN n % 2 = 0 THEN 'C' || n ELSE 'customer-with-a-long-identifier-' || n END"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM t WHERE day <> DATE '2022-01-01' + CAST(n % 100 AS INTEGER) OR k <> n % 1000 OR b <> (n % 3 = 0)"));
    }

    [Fact]
    public void Scan_FillThrows_QueryFailsWithTheMessage()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        using var scope = connection.Scan(new Failing());
        var error = Assert.Throws<DuckDbException>(() => connection.Query($"SELECT count(*) FROM {scope.Sql}"));
        Assert.Contains("batch 3 is broken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_AfterTheScopeIsDisposed_QueryFailsNamingTheToken()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        string sql;
        using (var scope = connection.Scan(new Numbers(10)))
        {
            Assert.Equal(10, connection.Scalar<long>($"SELECT count(*) FROM {scope.Sql}"));
            sql = scope.Sql;
        }

        var error = Assert.Throws<DuckDbException>(() => connection.Query($"SELECT count(*) FROM {sql}"));
        Assert.Contains("no such row source", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_SecondConnectionAndSecondDatabase_EachReadsItsSource()
    {
        using var first = DuckDbConnection.OpenInMemory();
        using var other = first.Database.Connect();
        using var second = DuckDbConnection.OpenInMemory();
        using var a = first.Scan(new Numbers(100));
        using var b = other.Scan(new Numbers(200));
        using var c = second.Scan(new Numbers(300));
        Assert.Equal(100, other.Scalar<long>($"SELECT count(*) FROM {a.Sql}"));
        Assert.Equal(200, first.Scalar<long>($"SELECT count(*) FROM {b.Sql}"));
        Assert.Equal(300, second.Scalar<long>($"SELECT count(*) FROM {c.Sql}"));
    }

    [Fact]
    public void Vector_ReadsValuesInPlace()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        using var reader = connection.QueryStreaming("""
            SELECT i AS n, CAST(i AS INTEGER) AS k, i / 4 AS x, i % 2 = 0 AS even, DATE '2020-01-01' + CAST(i AS INTEGER) AS day,
                   CAST(i * 1.5 AS DECIMAL(18, 6)) AS money, CASE WHEN i % 5 = 0 THEN NULL WHEN i % 2 = 0 THEN 'c' || i ELSE 'a-much-longer-text-' || i END AS id
            FROM range(5000) r(i) ORDER BY i
            """);
        long seen = 0;
        while (reader.NextChunk())
        {
            var n = reader.Vector(0).Int64s();
            var k = reader.Vector(1).Int32s();
            var x = reader.Vector(2).Doubles();
            var even = reader.Vector(3).Booleans();
            var day = reader.Vector(4).Int32s();
            var money = reader.Vector(5).Int64s();
            var id = reader.Vector(6);
            for (var r = 0; r < reader.RowCount; r++)
            {
                var i = n[r];
                Assert.Equal(i, k[r]);
                Assert.Equal(i / 4.0, x[r]);
                Assert.Equal(i % 2 == 0 ? 1 : 0, even[r]);
                Assert.Equal(18_262 + i, day[r]);
                Assert.Equal(i * 1_500_000, money[r]);
                Assert.Equal(i % 5 == 0, id.IsNull(r));
                if (!id.IsNull(r))
                {
                    Assert.Equal(i % 2 == 0 ? $"c{i}" : $"a-much-longer-text-{i}", Encoding.UTF8.GetString(id.Utf8(r)));
                }

                seen++;
            }
        }

        Assert.Equal(5000, seen);
        Assert.Throws<InvalidCastException>(() =>
        {
            using var wrong = connection.QueryStreaming("SELECT 1.5::DOUBLE AS x");
            wrong.NextChunk();
            wrong.Vector(0).Int64s();
        });
    }

    [Fact]
    public void Vector_SameText_ComparesInlineAndLongValues()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        using var reader = connection.QueryStreaming(
            "SELECT * FROM (VALUES ('ab'), ('ab'), ('ac'), ('a-long-text-over-twelve'), ('a-long-text-over-twelve'), ('a-long-text-over-twelvf')) v(t)");
        Assert.True(reader.NextChunk());
        var t = reader.Vector(0);
        Assert.True(t.SameText(0, 1));
        Assert.False(t.SameText(1, 2));
        Assert.True(t.SameText(3, 4));
        Assert.False(t.SameText(4, 5));
        Assert.False(t.SameText(2, 3));
    }

    private sealed class Numbers(int rows) : DuckDbRowSource(
        [new("id", DuckDbType.Varchar), new("day", DuckDbType.Date), new("n", DuckDbType.BigInt), new("x", DuckDbType.Double),
         new("k", DuckDbType.Integer), new("b", DuckDbType.Boolean)])
    {
        private const int Batch = 1000;

        public override int Batches => (rows + Batch - 1) / Batch;

        public override long Rows => rows;

        public override int Fill(int batch, DuckDbOutputChunk output)
        {
            var start = batch * Batch;
            var count = Math.Min(Batch, rows - start);
            var days = output.Int32s(1);
            var n = output.Int64s(2);
            var x = output.Doubles(3);
            var k = output.Int32s(4);
            var b = output.Booleans(5);
            for (var r = 0; r < count; r++)
            {
                var i = start + r;
                output.SetString(0, r, Encoding.UTF8.GetBytes(i % 2 == 0 ? $"C{i}" : $"customer-with-a-long-identifier-{i}"));
                days[r] = 18_993 + (i % 100);
                n[r] = i;
                x[r] = i / 2.0;
                k[r] = i % 1000;
                b[r] = (byte)(i % 3 == 0 ? 1 : 0);
                if (i % 7 == 0)
                {
                    output.SetNull(3, r);
                }
            }

            return count;
        }
    }

    private sealed class Failing() : DuckDbRowSource([new("n", DuckDbType.BigInt)])
    {
        public override int Batches => 10;

        public override long Rows => 10;

        public override int Fill(int batch, DuckDbOutputChunk output)
        {
            if (batch == 3)
            {
                throw new InvalidOperationException("batch 3 is broken");
            }

            output.Int64s(0)[0] = batch;
            return 1;
        }
    }
}
