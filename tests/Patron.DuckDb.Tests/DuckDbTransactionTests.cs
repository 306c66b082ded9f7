namespace Patron.DuckDb.Tests;

public sealed class DuckDbTransactionTests
{
    [Fact]
    public void Rollback_AfterInsert_LeavesTableUnchanged()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)");

        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute("INSERT INTO t VALUES (2), (3)");
            Assert.Equal(3L, connection.Scalar<long>("SELECT COUNT(*) FROM t"));
            transaction.Rollback();
        }

        Assert.Equal(1L, connection.Scalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Dispose_WithoutCommit_RollsBack()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (x INTEGER)");

        using (connection.BeginTransaction())
        {
            connection.Execute("INSERT INTO t VALUES (1)");
        }

        Assert.Equal(0L, connection.Scalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Commit_ThenDispose_KeepsRows()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (x INTEGER)");

        using (var transaction = connection.BeginTransaction())
        {
            connection.Execute("INSERT INTO t VALUES (1), (2)");
            transaction.Commit();
            Assert.Throws<InvalidOperationException>(transaction.Rollback);
        }

        Assert.Equal(2L, connection.Scalar<long>("SELECT COUNT(*) FROM t"));
    }
}
