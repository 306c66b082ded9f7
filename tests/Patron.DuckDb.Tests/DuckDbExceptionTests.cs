namespace Patron.DuckDb.Tests;

public sealed class DuckDbExceptionTests
{
    [Fact]
    public void Query_BadSql_ThrowsWithDuckDbTextAndSql()
    {
        using var connection = DuckDbConnection.OpenInMemory();

        var error = Assert.Throws<DuckDbException>(() => connection.Query("SELEC 1 FROM nowhere"));

        Assert.Contains("Parser Error", error.DuckDbMessage, StringComparison.Ordinal);
        Assert.Contains("SELEC", error.Message, StringComparison.Ordinal);
        Assert.Equal("SELEC 1 FROM nowhere", error.Sql);
    }

    [Fact]
    public void Execute_MissingTable_ThrowsCatalogErrorNamingTable()
    {
        using var connection = DuckDbConnection.OpenInMemory();

        var error = Assert.Throws<DuckDbException>(() => connection.Execute("INSERT INTO orders VALUES (1)"));

        Assert.Contains("Catalog Error", error.Message, StringComparison.Ordinal);
        Assert.Contains("orders", error.DuckDbMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_MissingColumn_ThrowsBinderError()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (a INTEGER)");

        var error = Assert.Throws<DuckDbException>(() => connection.Prepare("SELECT b FROM t WHERE a = ?"));

        Assert.Contains("Binder Error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_RuntimeError_ThrowsConversionError()
    {
        using var connection = DuckDbConnection.OpenInMemory();

        var error = Assert.Throws<DuckDbException>(() => connection.Query("SELECT 'abc'::INTEGER"));

        Assert.Contains("Conversion Error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TextFileThatIsNotADatabase_ThrowsNamingPath()
    {
        var directory = Directory.CreateTempSubdirectory("patron-duckdb-");
        try
        {
            var path = Path.Combine(directory.FullName, "notes.txt");
            File.WriteAllText(path, "these are notes, not a DuckDB database file; " + new string('x', 8192));

            var error = Assert.Throws<DuckDbException>(() => DuckDbConnection.Open(path));

            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Message_LongSql_IsTrimmed()
    {
        var sql = "SELECT " + string.Join(", ", Enumerable.Range(0, 400).Select(i => $"column_{i}")) + " FROM missing_table";
        using var connection = DuckDbConnection.OpenInMemory();

        var error = Assert.Throws<DuckDbException>(() => connection.Execute(sql));

        Assert.Contains("missing_table", error.DuckDbMessage, StringComparison.Ordinal);
        Assert.Contains($"({sql.Length} characters)", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < error.DuckDbMessage.Length + DuckDbException.MaxSqlLength + 100);
        Assert.Equal(sql, error.Sql);
    }

    [Fact]
    public void Connection_AfterDispose_ThrowsObjectDisposed()
    {
        var connection = DuckDbConnection.OpenInMemory();
        connection.Dispose();

        Assert.Throws<ObjectDisposedException>(() => connection.Execute("SELECT 1"));
    }
}
