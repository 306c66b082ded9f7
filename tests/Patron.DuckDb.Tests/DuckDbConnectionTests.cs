namespace Patron.DuckDb.Tests;

public sealed partial class DuckDbConnectionTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("patron-duckdb-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Query_SmallTable_ReturnsColumnsByNameAndIndex()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (id INTEGER, name VARCHAR); INSERT INTO t VALUES (1, 'a'), (2, NULL), (3, 'a string longer than twelve bytes')");

        var result = connection.Query("SELECT id, name FROM t ORDER BY id");

        Assert.Equal(2, result.ColumnCount);
        Assert.Equal(3, result.RowCount);
        Assert.Equal(DuckDbType.Integer, result["id"].Type);
        Assert.Equal(DuckDbType.Varchar, result[1].Type);
        Assert.Equal(new[] { 1, 2, 3 }, new[] { result["id"].GetInt32(0), result["id"].GetInt32(1), result["id"].GetInt32(2) });
        Assert.Equal("a", result["name"].GetString(0));
        Assert.True(result["name"].IsNull(1));
        Assert.Equal("a string longer than twelve bytes", result["NAME"].GetString(2));
    }

    [Fact]
    public void Indexer_MissingColumn_ListsAvailableNames()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        var result = connection.Query("SELECT 1 AS alpha, 2 AS beta");

        var error = Assert.Throws<KeyNotFoundException>(() => result["gamma"]);

        Assert.Contains("alpha, beta", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecuteNonQuery_Insert_ReturnsRowsChanged()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (x INTEGER)");

        var inserted = connection.ExecuteNonQuery("INSERT INTO t SELECT range FROM range(7)");
        var deleted = connection.ExecuteNonQuery("DELETE FROM t WHERE x < 3");

        Assert.Equal(7, inserted);
        Assert.Equal(3, deleted);
    }

    [Fact]
    public void Scalar_NumericConversions_ConvertOrReturnNull()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (x BIGINT); INSERT INTO t SELECT range FROM range(1, 101)");

        Assert.Equal(5050L, connection.Scalar<long>("SELECT SUM(x) FROM t")); // SUM(BIGINT) is HUGEINT
        Assert.Equal(5050, connection.Scalar<int>("SELECT SUM(x) FROM t"));
        Assert.Equal(50.5, connection.Scalar<double>("SELECT AVG(x) FROM t"));
        Assert.Equal(100m, connection.Scalar<decimal>("SELECT COUNT(*) FROM t"));
        Assert.Null(connection.Scalar<long?>("SELECT x FROM t WHERE x > 1000"));
        Assert.Null(connection.Scalar<long?>("SELECT NULL::BIGINT"));
        Assert.Null(connection.Scalar<string>("SELECT NULL::VARCHAR"));
        Assert.Equal("v1.5.6", connection.Scalar<string>("SELECT version()"));
    }

    [Fact]
    public void ParameterOverloads_BindInOrder_FilterAndChangeRows()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t AS SELECT range AS x, 'k' || (range % 2) AS k FROM range(10)");

        var deleted = connection.ExecuteNonQuery("DELETE FROM t WHERE x >= ? AND k = ?", 6, "k1");
        var remaining = connection.Scalar<long>("SELECT COUNT(*) FROM t WHERE k = $1", "k1");
        var rows = connection.Query("SELECT x FROM t WHERE x BETWEEN ? AND ? ORDER BY x", 2L, 4L);

        Assert.Equal(2, deleted);
        Assert.Equal(3, remaining);
        Assert.Equal(new[] { 2.0, 3.0, 4.0 }, rows["x"].ToDoubleArray());
    }

    [Fact]
    public void Open_FileDatabase_PersistsAcrossConnections()
    {
        var path = Path.Combine(_directory.FullName, "shop.duckdb");
        using (var connection = DuckDbConnection.Open(path))
        {
            connection.Execute("CREATE TABLE t AS SELECT 42 AS answer");
        }

        using var reopened = DuckDbConnection.Open(path, new DuckDbConfig { ReadOnly = true, Threads = 1, MemoryLimit = "256MB" });
        Assert.Equal(42, reopened.Scalar<int>("SELECT answer FROM t"));
        Assert.Equal(path, reopened.Database.Path);
        Assert.Throws<DuckDbException>(() => reopened.Execute("INSERT INTO t VALUES (1)"));
    }

    [Fact]
    public void Connect_TwoConnections_ShareOneDatabase()
    {
        using var database = DuckDbDatabase.Open(DuckDbDatabase.InMemoryPath);
        using var writer = database.Connect();
        using var reader = database.Connect();

        writer.Execute("CREATE TABLE t AS SELECT * FROM range(10)");

        Assert.Equal(10L, reader.Scalar<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void Connect_ConnectionPerThread_WritesAndReadsConcurrently()
    {
        using var database = DuckDbDatabase.Open(DuckDbDatabase.InMemoryPath);
        using (var setup = database.Connect())
        {
            setup.Execute("CREATE TABLE events (worker INTEGER, n INTEGER)");
        }

        Parallel.For(0, 4, worker =>
        {
            using var connection = database.Connect();
            using var insert = connection.Prepare("INSERT INTO events VALUES (?, ?)");
            for (var n = 0; n < 250; n++)
            {
                insert.BindAll(worker, n).ExecuteNonQuery();
            }

            Assert.Equal(250L, connection.Scalar<long>($"SELECT COUNT(*) FROM events WHERE worker = {worker}"));
        });

        using var check = database.Connect();
        Assert.Equal(1000L, check.Scalar<long>("SELECT COUNT(*) FROM events"));
    }

    [Fact]
    public async Task Interrupt_FromAnotherThread_StopsLongQueryWithProgressReported()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.EnableProgress();
        var idle = connection.Progress;

        // Hours of work if left alone: a trillion-row cross join. The table scan lets DuckDB estimate progress.
        connection.Execute("CREATE TABLE big AS SELECT range AS x FROM range(1000000)");
        var query = Task.Run(() => connection.Scalar<double>("SELECT SUM(a.x * b.x) FROM big a, big b"));
        var seenProgress = false;
        var last = default(DuckDbQueryProgress);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!seenProgress && !query.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
            last = connection.Progress;
            seenProgress = last.IsKnown && last.TotalRowsToProcess > 0;
        }

        while (!query.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            connection.Interrupt();
            await Task.Delay(20);
        }

        var waited = clock.Elapsed;
        var error = await Assert.ThrowsAsync<DuckDbException>(() => query);
        Assert.Contains("Interrupt", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(idle.IsKnown);
        Assert.True(seenProgress, $"no progress was reported while the query ran; last {last} after {waited}");
        Assert.Equal(1, connection.Scalar<int>("SELECT 1"));
    }
}
