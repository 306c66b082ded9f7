using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Tests.Support;

namespace Patron.Features.Tests.Build;

public sealed class GoldExportTests
{
    [Fact]
    public void Export_FeaturesCsvForOneCutoff_OneRowPerCustomerIdFirst()
    {
        using var folder = new TempFolder();
        using var connection = Built();
        var rows = GoldExport.Export(connection, "gold.customer_features", folder.File("f.csv"), new DateOnly(2024, 7, 1));
        Assert.Equal(2, rows);
        var lines = File.ReadAllLines(folder.File("f.csv"));
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("customer_id,cutoff,orders,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("C1,2024-07-01,3,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("C2,2024-07-01,1,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Export_Parquet_ReadsBackTheSameRows()
    {
        using var folder = new TempFolder();
        using var connection = Built();
        var path = folder.File("k.parquet");
        var rows = GoldExport.Export(connection, "kpi_monthly", path);
        Assert.True(rows > 0);
        Assert.Equal(rows, connection.Scalar<long>($"SELECT count(*) FROM read_parquet('{path}')"));
    }

    [Fact]
    public void Export_UnknownTableOrExtensionOrCutoffless_ClearErrors()
    {
        using var folder = new TempFolder();
        using var connection = Built();
        var unknown = Assert.Throws<ArgumentException>(() => GoldExport.Export(connection, "nope", folder.File("x.csv")));
        Assert.Contains("customer_features", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => GoldExport.Export(connection, "customer_features", folder.File("x.xlsx")));
        Assert.Throws<ArgumentException>(() => GoldExport.Export(connection, "rfm_segments", folder.File("x.csv"), new DateOnly(2024, 7, 1)));
    }

    [Fact]
    public void Export_SessionTables_WholeTableInCustomerAndSessionOrder()
    {
        using var folder = new TempFolder();
        using var connection = DuckDbConnection.OpenInMemory();
        new Sessions.SessionRows().Product("P1", "Books", 10)
            .Session("S3", "C2", "2024-02-01 10:00:00", 30, 2, "P1", false)
            .Session("S1", "C2", "2024-01-01 10:00:00", 60, 4, null, true, 20)
            .Session("S2", "C1", "2024-03-01 10:00:00", 10, 1, null, false)
            .WriteTo(connection);
        Patron.Features.Sessions.SessionFeatureBuilder.Build(connection, new Patron.Features.Sessions.SessionBuildOptions { To = new DateTime(2024, 6, 1) });

        Assert.Equal(3, GoldExport.Export(connection, "session_features", folder.File("f.csv")));
        var features = File.ReadAllLines(folder.File("f.csv"));
        Assert.StartsWith("session_id,customer_id,started_at,", features[0], StringComparison.Ordinal);
        Assert.Equal(["S2,C1", "S1,C2", "S3,C2"], features[1..].Select(l => string.Join(',', l.Split(',')[..2])));

        Assert.Equal(3, GoldExport.Export(connection, "session_labels", folder.File("l.csv")));
        Assert.Equal(["S1", "S2", "S3"], File.ReadAllLines(folder.File("l.csv"))[1..].Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Export_RowsStoredOutOfKeyOrder_WrittenInKeyOrder()
    {
        using var folder = new TempFolder();
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("""
            CREATE SCHEMA gold;
            CREATE TABLE gold.customer_lifetime (customer_id VARCHAR, cutoff DATE, p_alive DOUBLE);
            INSERT INTO gold.customer_lifetime VALUES ('C3', DATE '2024-07-01', 0.3), ('C1', DATE '2024-07-01', 0.1),
                ('C2', DATE '2024-07-01', 0.2), ('C0', DATE '2024-01-01', 0.0);
            """);

        Assert.Equal(3, GoldExport.Export(connection, "customer_lifetime", folder.File("l.csv"), new DateOnly(2024, 7, 1)));
        Assert.Equal(["C1", "C2", "C3"], File.ReadAllLines(folder.File("l.csv"))[1..].Select(l => l.Split(',')[0]));
    }

    [Theory]
    [InlineData("('C1'), ('C2'), ('C10')", false)]
    [InlineData("('C1'), ('C10'), ('C2')", true)]
    [InlineData("('C1'), ('C1'), ('C2')", false)]
    [InlineData("('C1'), (NULL), ('C2')", false)]
    [InlineData("('C2'), ('C1')", false)]
    [InlineData("('a'), ('b'), ('\u00e9')", true)]
    public void StoredInKeyOrder_StrictlyIncreasingBytesWithoutNull_OnlyThen(string rows, bool expected)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute($"CREATE TABLE t (k VARCHAR); INSERT INTO t VALUES {rows};");

        Assert.Equal(expected, InsertionOrder.Kept(connection, () => GoldExport.StoredInKeyOrder(connection, "FROM t", "k")));
    }

    [Fact]
    public void StoredInKeyOrder_KeyNotText_False()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TABLE t (k BIGINT); INSERT INTO t VALUES (1), (2);");

        Assert.False(GoldExport.StoredInKeyOrder(connection, "FROM t", "k"));
    }

    [Fact]
    public void Export_ConnectionWithoutInsertionOrder_SettingLeftOff()
    {
        using var folder = new TempFolder();
        using var connection = Built();
        connection.Execute("SET preserve_insertion_order = false;");

        Assert.Equal(2, GoldExport.Export(connection, "customer_features", folder.File("f.csv"), new DateOnly(2024, 7, 1)));
        Assert.False(connection.Scalar<bool>("SELECT CAST(current_setting('preserve_insertion_order') AS BOOLEAN);"));
    }

    private static DuckDbConnection Built()
    {
        var connection = DuckDbConnection.OpenInMemory();
        TinyShop.Build().WriteTo(connection);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = TinyShop.Cutoff });
        return connection;
    }
}
