using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Warehouse.Silver;

namespace Patron.Warehouse.Tests.Silver;

/// <summary>The one-pass price judgement (<see cref="PriceJudgement"/>) against the rule as DuckDB's window functions
/// state it (the resolution's SQL before the judgement moved to C#): on random lines, the same lines are flagged and
/// their usual log price is the same double.</summary>
public sealed class PriceJudgementTests
{
    /// <summary>The rule as the resolution wrote it with window quantiles over the strictly earlier rows.</summary>
    private const string WindowRule = """
        SELECT rowid AS rid, m AS usual_log_price
        FROM (SELECT rowid, lp,
                     count(*) OVER earlier AS n,
                     median(lp) OVER earlier AS m,
                     quantile_cont(lp, 0.25) OVER earlier AS q1,
                     quantile_cont(lp, 0.75) OVER earlier AS q3
              FROM priced
              WINDOW earlier AS (PARTITION BY product_id ORDER BY ordered_at RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 MICROSECOND PRECEDING))
        WHERE n >= 3 AND abs(lp - m) > greatest(5 * 1.4826 * (q3 - q1) / 2, ln(5))
        ORDER BY rid
        """;

    [Theory]
    [InlineData(1, 40, 30)]
    [InlineData(2, 5, 400)]
    [InlineData(3, 300, 8)]
    [InlineData(4, 2, 3000)]
    [InlineData(5, 60, 120)]
    public void Judge_RandomLines_FlagsWhatTheWindowRuleFlags(int seed, int products, int linesPerProduct)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        WriteRandomLines(connection, new Random(seed), products, linesPerProduct);

        PriceJudgement.Judge(connection, "priced", "price_flags");

        var expected = Read(connection, WindowRule);
        var actual = Read(connection, "SELECT rid, usual_log_price FROM price_flags ORDER BY rid");
        Assert.True(expected.Count > 0, "the random lines must hold outliers for the comparison to mean anything");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Judge_FirstThreeSalesAndSameTimeLines_JudgedOnlyAgainstStrictlyEarlierPrices()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("CREATE TEMP TABLE priced (order_id VARCHAR, product_id VARCHAR, ordered_at TIMESTAMP, lp DOUBLE)");
        connection.Execute("""
            INSERT INTO priced VALUES
              ('A', 'P', '2024-01-01 10:00:00', ln(100)),
              ('B', 'P', '2024-01-02 10:00:00', ln(10000)),
              ('C', 'P', '2024-01-03 10:00:00', ln(100)),
              ('D', 'P', '2024-01-04 10:00:00', ln(101)),
              ('E', 'P', '2024-01-05 10:00:00', ln(99)),
              ('F', 'P', '2024-01-05 10:00:00', ln(1)),
              ('G', 'P', '2024-01-05 10:00:00', ln(1)),
              ('H', 'P', '2024-01-06 10:00:00', ln(1)),
              ('I', 'Q', '2024-01-01 10:00:00', ln(5)),
              ('J', 'Q', '2024-01-02 10:00:00', ln(5000))
            """);

        PriceJudgement.Judge(connection, "priced", "price_flags");

        // B and C are the second and third sales (never judged); D is judged against 100, 10000, 100 and kept. E, F and G
        // share one time, so none of them sees the others: against 100, 10000, 100, 101 (m = 4.61, q1 = 4.61, q3 = 5.76
        // in logs, so a distance above 4.30) F and G at price 1 (distance 4.61) are outliers. H sees F and G as well:
        // the quartiles of 1, 1, 99, 100, 100, 101, 10000 (2.30 and 4.61) allow a distance of 8.57, and H is kept.
        Assert.Equal(["F", "G"], Strings(connection, "SELECT p.order_id FROM priced p JOIN price_flags f ON f.rid = p.rowid ORDER BY 1"));
        Assert.Equal(["F", "G"], Strings(connection, $"SELECT p.order_id FROM priced p JOIN ({WindowRule}) w ON w.rid = p.rowid ORDER BY 1"));
    }

    /// <summary>Lines of random products at random times (many sharing a second, some a microsecond apart) at prices
    /// drawn around each product's own level, with ties, a few far off, and products whose price jumps for good.</summary>
    private static void WriteRandomLines(DuckDbConnection connection, Random random, int products, int linesPerProduct)
    {
        connection.Execute("CREATE TEMP TABLE priced (order_id VARCHAR, line_number INTEGER, product_id VARCHAR, ordered_at TIMESTAMP, lp DOUBLE)");
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var sql = new StringBuilder();
        var rows = 0;
        for (var p = 0; p < products; p++)
        {
            var level = Math.Log(1 + (random.NextDouble() * 500));
            var spread = random.NextDouble() < 0.3 ? 0.0 : random.NextDouble() * 0.8;
            var count = 1 + random.Next(linesPerProduct * 2);
            var jumpAt = random.NextDouble() < 0.2 ? random.Next(count) : int.MaxValue;
            for (var i = 0; i < count; i++)
            {
                var ticks = random.NextDouble() < 0.05 ? 1 : random.Next(0, 3) * TimeSpan.TicksPerSecond;
                var at = start.AddDays(random.Next(0, 200)).AddTicks(random.NextDouble() < 0.5 ? ticks : random.Next(0, 86400) * TimeSpan.TicksPerSecond);
                var lp = random.NextDouble() < 0.1
                    ? Math.Round(level, 2)
                    : level + (spread * (random.NextDouble() - 0.5)) + (random.NextDouble() < 0.04 ? (random.NextDouble() < 0.5 ? -3 : 3) : 0);
                if (i >= jumpAt)
                {
                    lp += 2.5;
                }

                sql.Append(rows % 500 == 0 ? "INSERT INTO priced VALUES " : ", ")
                   .Append(CultureInfo.InvariantCulture, $"('O{rows}', 1, 'P{p}', TIMESTAMP '{at:yyyy-MM-dd HH:mm:ss.ffffff}', {lp:R})");
                rows++;
                if (rows % 500 == 0)
                {
                    connection.Execute(sql.ToString());
                    sql.Clear();
                }
            }
        }

        if (sql.Length > 0)
        {
            connection.Execute(sql.ToString());
        }
    }

    private static List<(long Rid, double Usual)> Read(DuckDbConnection connection, string sql)
    {
        using var result = connection.Query(sql);
        var rows = new List<(long, double)>();
        for (var i = 0; i < result.RowCount; i++)
        {
            rows.Add((result[0].GetInt64(i), result[1].GetDouble(i)));
        }

        return rows;
    }

    private static List<string> Strings(DuckDbConnection connection, string sql)
    {
        using var result = connection.Query(sql);
        var rows = new List<string>();
        for (var i = 0; i < result.RowCount; i++)
        {
            rows.Add(result[0].GetString(i));
        }

        return rows;
    }
}
