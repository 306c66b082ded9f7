using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Features.Sessions;

namespace Patron.Features.Tests.Sessions;

/// <summary>
/// The session history kernel on timelines written by hand (table <c>tl</c> in the column order and types of
/// <c>Sql/session_timeline.sql</c>): the totals of every row strictly before each session's instant, per customer, and the
/// same totals as a window over the timeline with an <c>EXCLUDE GROUP</c> frame gives, on a seeded timeline long enough
/// that customers straddle DuckDB's chunks.
/// </summary>
public sealed class SessionHistoryKernelTests
{
    private const string Timeline = """
        CREATE TABLE tl (customer_id VARCHAR, moment TIMESTAMP, kind INTEGER, seq BIGINT, duration DECIMAL(18, 6),
                         page_views INTEGER, purchased BOOLEAN, amount DECIMAL(38, 6));
        """;

    [Fact]
    public void Run_OneSession_EmptyHistoryWithNullInstants()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute(Timeline);
        connection.Execute("INSERT INTO tl VALUES ('C1', TIMESTAMP '2024-06-01 10:00:00', 1, 7, 30, 2, TRUE, NULL);");

        Assert.Equal(1, Run(connection));

        Assert.Equal("7|0|0|NULL|0|NULL|0|NULL|0|0|NULL", Rows(connection)[0]);
    }

    [Fact]
    public void Run_TiedInstant_NoRowOfTheInstantCountsAndTheNextInstantCountsThemAll()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute(Timeline);
        connection.Execute("""
            INSERT INTO tl VALUES
                ('C1', TIMESTAMP '2024-06-01 08:00:00', 0, 1, 10.5, 1, FALSE, NULL),
                ('C1', TIMESTAMP '2024-06-02 12:00:00', 1, 2, 20, NULL, TRUE, NULL),
                ('C1', TIMESTAMP '2024-06-02 12:00:00', 2, NULL, NULL, NULL, NULL, 12.345678),
                ('C1', TIMESTAMP '2024-06-02 12:00:00', 1, 3, NULL, 4, NULL, NULL),
                ('C1', TIMESTAMP '2024-06-03 00:00:00', 1, 4, 1, 1, FALSE, NULL);
            """);

        // Only the window's sessions (kind 1) get a row; the session before the window (kind 0) counts in their history.
        Assert.Equal(3, Run(connection));

        var rows = Rows(connection);
        var start = Micros("2024-06-01 08:00:00");
        var tied = Micros("2024-06-02 12:00:00");
        Assert.Equal($"2|1|0|10500000|1|1|1|{start}|0|0|NULL", rows[0]);
        Assert.Equal($"3|1|0|10500000|1|1|1|{start}|0|0|NULL", rows[1]);
        Assert.Equal($"4|3|1|30500000|2|5|2|{tied}|1|12345678|{tied}", rows[2]);
    }

    [Fact]
    public void Run_SecondCustomer_StartsFromNothing()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute(Timeline);
        connection.Execute("""
            INSERT INTO tl VALUES
                ('C1', TIMESTAMP '2024-06-01 08:00:00', 2, NULL, NULL, NULL, NULL, 5),
                ('C1', TIMESTAMP '2024-06-01 09:00:00', 1, 1, 10, 1, TRUE, NULL),
                ('C2', TIMESTAMP '2024-06-01 10:00:00', 1, 2, 10, 1, TRUE, NULL);
            """);

        Assert.Equal(2, Run(connection));

        var rows = Rows(connection);
        Assert.Equal($"1|0|0|NULL|0|NULL|0|NULL|1|5000000|{Micros("2024-06-01 08:00:00")}", rows[0]);
        Assert.Equal("2|0|0|NULL|0|NULL|0|NULL|0|0|NULL", rows[1]);
    }

    [Fact]
    public void Run_SpendBeyondALong_AddedExactly()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute(Timeline);
        connection.Execute("""
            INSERT INTO tl VALUES
                ('C1', TIMESTAMP '2024-06-01 08:00:00', 2, NULL, NULL, NULL, NULL, 9000000000000.000001),
                ('C1', TIMESTAMP '2024-06-01 09:00:00', 2, NULL, NULL, NULL, NULL, 9000000000000.000002),
                ('C1', TIMESTAMP '2024-06-01 10:00:00', 1, 1, NULL, NULL, NULL, NULL);
            """);

        Run(connection);

        Assert.Equal("18000000000000.000003", connection.Scalar<string>(
            "SELECT CAST(CAST(CAST(spend AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(38, 6)) AS DECIMAL(38, 6)) AS VARCHAR) FROM h"));
    }

    [Fact]
    public void Run_TimelineOutOfTimeOrder_Throws()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute(Timeline);
        connection.Execute("""
            INSERT INTO tl VALUES
                ('C1', TIMESTAMP '2024-06-02 08:00:00', 1, 1, 1, 1, TRUE, NULL),
                ('C1', TIMESTAMP '2024-06-01 08:00:00', 1, 2, 1, 1, TRUE, NULL);
            """);

        Assert.Throws<InvalidOperationException>(() => Run(connection, "SELECT * FROM tl ORDER BY seq"));
    }

    /// <summary>600 customers (ids of 2 to 40 characters, so both inline and stored strings) with 0 to 60 rows each,
    /// many of them on shared instants, about 12,000 rows in all: every history row equals the totals a window over the
    /// customer's timeline, ordered by instant with the current instant excluded, gives.</summary>
    [Fact]
    public void Run_SeededTimeline_EqualsAWindowThatExcludesTheCurrentInstant()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute(Timeline);
        var random = new Random(17);
        var sql = new StringBuilder("INSERT INTO tl VALUES ");
        var seq = 0;
        for (var c = 0; c < 600; c++)
        {
            var id = "C" + c.ToString(CultureInfo.InvariantCulture).PadLeft(1 + random.Next(40), 'x');
            var rows = random.Next(61);
            for (var r = 0; r < rows; r++)
            {
                sql.Append("('").Append(id).Append("', TIMESTAMP '2024-01-01' + INTERVAL ").Append(random.Next(40) * 3600).Append(" SECOND, ");
                var kind = random.Next(5) switch { 0 => 2, 1 => 0, _ => 1 };
                if (kind == 2)
                {
                    sql.Append("2, NULL, NULL, NULL, NULL, ").Append(Decimal(random)).Append("),\n");
                }
                else
                {
                    sql.Append(kind).Append(", ").Append(seq++).Append(", ")
                        .Append(random.Next(4) == 0 ? "NULL" : Decimal(random)).Append(", ")
                        .Append(random.Next(4) == 0 ? "NULL" : random.Next(30).ToString(CultureInfo.InvariantCulture)).Append(", ")
                        .Append(random.Next(5) switch { 0 => "NULL", 1 => "TRUE", _ => "FALSE" }).Append(", NULL),\n");
                }
            }
        }

        sql.Length -= 2;
        connection.Execute(sql.Append(';').ToString());
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM tl") > 10_000);

        var written = Run(connection);

        Assert.Equal(connection.Scalar<long>("SELECT count(*) FROM tl WHERE kind = 1"), written);
        connection.Execute("""
            CREATE TABLE expected AS
            SELECT seq, sessions, purchases, duration_sum, duration_count, views_sum, views_count, previous_at, orders, spend, ordered_at
            FROM (
                SELECT seq, kind,
                       count(seq) OVER earlier AS sessions,
                       coalesce(sum(CASE WHEN purchased THEN 1 ELSE 0 END) OVER earlier, 0) AS purchases,
                       sum(duration) OVER earlier AS duration_sum,
                       count(duration) OVER earlier AS duration_count,
                       sum(page_views) OVER earlier AS views_sum,
                       count(page_views) OVER earlier AS views_count,
                       max(CASE WHEN kind <> 2 THEN moment END) OVER earlier AS previous_at,
                       count(amount) OVER earlier AS orders,
                       coalesce(sum(amount) OVER earlier, 0) AS spend,
                       max(CASE WHEN kind = 2 THEN moment END) OVER earlier AS ordered_at
                FROM tl
                WINDOW earlier AS (PARTITION BY customer_id ORDER BY moment RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP))
            WHERE kind = 1;
            CREATE TABLE actual AS
            SELECT seq, sessions, purchases,
                   CAST(CAST(duration_sum AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(38, 6)) AS DECIMAL(38, 6)) AS duration_sum,
                   duration_count, views_sum, views_count, make_timestamp(previous_at) AS previous_at, orders,
                   CAST(CAST(spend AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(38, 6)) AS DECIMAL(38, 6)) AS spend,
                   make_timestamp(ordered_at) AS ordered_at
            FROM h;
            """);
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM actual)"));
        Assert.Equal(0, connection.Scalar<long>("SELECT count(*) FROM (SELECT * FROM actual EXCEPT ALL SELECT * FROM expected)"));
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM actual WHERE sessions > 0 AND orders > 0 AND duration_count > 0") > 1000);
    }

    private static long Run(DuckDbConnection connection, string timeline = "SELECT * FROM tl ORDER BY customer_id, moment")
    {
        connection.Execute("ATTACH ':memory:' AS k; CREATE TABLE k.main.h (" + SessionHistoryKernel.TableColumns + ");");
        long written;
        using (var writer = connection.Database.Connect())
        {
            writer.Execute("USE k;");
            using var history = writer.CreateChunkAppender("main", "h");
            using var rows = connection.QueryStreaming(timeline);
            written = SessionHistoryKernel.Run(rows, history);
        }

        connection.Execute("CREATE TABLE h AS SELECT * FROM k.main.h; DETACH k;");
        return written;
    }

    private static List<string> Rows(DuckDbConnection connection)
    {
        using var result = connection.Query("SELECT concat_ws('|', seq, sessions, purchases, coalesce(duration_sum::VARCHAR, 'NULL'), duration_count, " +
                                            "coalesce(views_sum::VARCHAR, 'NULL'), views_count, coalesce(previous_at::VARCHAR, 'NULL'), orders, spend, " +
                                            "coalesce(ordered_at::VARCHAR, 'NULL')) AS line FROM h ORDER BY seq");
        var lines = new List<string>();
        var column = result["line"];
        for (var i = 0; i < result.RowCount; i++)
        {
            lines.Add(column.GetString(i));
        }

        return lines;
    }

    private static long Micros(string at) =>
        (DateTime.Parse(at, CultureInfo.InvariantCulture) - DateTime.UnixEpoch).Ticks / 10;

    private static string Decimal(Random random) =>
        (random.Next(1_000_000) / 1000.0 + (random.Next(1000) / 1_000_000.0)).ToString("0.000000", CultureInfo.InvariantCulture);
}
