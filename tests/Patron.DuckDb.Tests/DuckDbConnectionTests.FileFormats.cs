namespace Patron.DuckDb.Tests;

// COPY and read_* through the connection, with the file formats compiled into the pinned library.
public sealed partial class DuckDbConnectionTests
{
    [Fact]
    public void CopyToParquet_WithoutDownloads_RoundTripsThroughBuiltInExtension()
    {
        using var connection = OpenOffline();
        var path = Path.Combine(_directory.FullName, "orders.parquet");
        connection.Execute("CREATE TABLE orders AS SELECT range AS id, (range % 97) * 1.25 AS amount, 'c' || (range % 13) AS customer, DATE '2024-01-01' + (range % 365)::INTEGER AS day FROM range(5000)");

        connection.Execute($"COPY orders TO '{path}' (FORMAT parquet)");
        var back = connection.Query($"SELECT COUNT(*) AS n, SUM(id) AS ids, SUM(amount) AS amount, COUNT(DISTINCT customer) AS customers, MAX(day) AS last_day FROM read_parquet('{path}')");

        Assert.True(new FileInfo(path).Length > 0);
        Assert.Equal(5000, back["n"].GetInt64(0));
        Assert.Equal(4999L * 5000 / 2, back["ids"].GetInt64(0));
        Assert.Equal(connection.Scalar<double>("SELECT SUM(amount) FROM orders"), back["amount"].GetDouble(0));
        Assert.Equal(13, back["customers"].GetInt64(0));
        Assert.Equal(new DateOnly(2024, 12, 30), back["last_day"].GetDate(0));
        Assert.Equal("STATICALLY_LINKED", connection.Scalar<string>("SELECT install_mode FROM duckdb_extensions() WHERE extension_name = 'parquet'"));
    }

    [Fact]
    public void CopyToCsv_ReadCsv_RoundTripsValuesAndNulls()
    {
        using var connection = OpenOffline();
        var path = Path.Combine(_directory.FullName, "customers.csv");
        connection.Execute("CREATE TABLE customers AS SELECT * FROM (VALUES (1, 'Ana, with comma', 12.5), (2, NULL, NULL), (3, 'Bo \"quoted\"', -1.0)) AS v(id, name, spend)");

        connection.Execute($"COPY customers TO '{path}' (HEADER, DELIMITER ',')");
        var back = connection.Query($"SELECT * FROM read_csv('{path}', header = true) ORDER BY id");

        Assert.Equal(3, back.RowCount);
        Assert.Equal("Ana, with comma", back["name"].GetString(0));
        Assert.True(back["name"].IsNull(1));
        Assert.Equal("Bo \"quoted\"", back["name"].GetString(2));
        Assert.Equal(new[] { 12.5, double.NaN, -1.0 }, back["spend"].ToDoubleArray());
    }

    [Fact]
    public void Json_ReadJsonObjects_BuiltIn()
    {
        using var connection = OpenOffline();
        var path = Path.Combine(_directory.FullName, "events.json");
        File.WriteAllText(path, "[{\"id\": 1, \"kind\": \"view\"}, {\"id\": 2, \"kind\": \"buy\"}]");

        var kinds = connection.Query($"SELECT kind FROM read_json('{path}') ORDER BY id")["kind"].ToStringArray();

        Assert.Equal(new[] { "view", "buy" }, kinds);
    }

    private static DuckDbConnection OpenOffline()
    {
        var connection = DuckDbConnection.OpenInMemory();

        // With downloads off, a format that works proves its extension is compiled into the library.
        connection.Execute("SET autoinstall_known_extensions = false; SET autoload_known_extensions = false");
        return connection;
    }
}
