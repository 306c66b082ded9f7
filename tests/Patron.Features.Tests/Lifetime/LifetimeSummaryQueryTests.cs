using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Lifetime;
using Patron.Lifetime.Data;
using Patron.Warehouse;

namespace Patron.Features.Tests.Lifetime;

public sealed class LifetimeSummaryQueryTests
{
    private static string CdnowDirectory => TestData.CdnowFolder;

    [Fact]
    public void Run_CdnowSampleInSilver_EqualsPublishedSummaryForEveryCustomer()
    {
        // Source: published-values.md, CDNOW 1/10 sample, 39-week calibration ending 1997-09-30; the SQL summary must
        // equal cdnow_customers_summary_with_transactions.csv (published to 2 decimals) for every customer. The query's
        // cutoff and holdout end are exclusive: the days after the last calibration and holdout days.
        using var connection = DuckDbConnection.OpenInMemory();
        LoadCdnowIntoSilver(connection, Path.Combine(CdnowDirectory, "CDNOW_sample.txt"));
        var published = CustomerSummaryCsv.Read(Path.Combine(CdnowDirectory, "cdnow_customers_summary_with_transactions.csv"), TimeUnit.Weeks);

        var summary = LifetimeSummaryQuery.Run(connection, new DateOnly(1997, 10, 1), new DateOnly(1998, 7, 1), TimeUnit.Weeks);

        Assert.Equal(published.Count, summary.Count);
        Assert.Equal(39.0, summary.HoldoutLength, 12);
        var index = new Dictionary<int, int>();
        for (var i = 0; i < summary.Count; i++)
        {
            index.Add(int.Parse(summary.CustomerIds[i], CultureInfo.InvariantCulture), i);
        }

        for (var p = 0; p < published.Count; p++)
        {
            var id = published.CustomerIds[p];
            var i = index[int.Parse(id, CultureInfo.InvariantCulture)];
            Assert.True(published.Frequency[p] == summary.Frequency[i], $"customer {id}: x");
            Assert.True(published.Recency[p] == Math.Round(summary.Recency[i], 2), $"customer {id}: t_x {summary.Recency[i]}");
            Assert.True(published.Age[p] == Math.Round(summary.Age[i], 2), $"customer {id}: T {summary.Age[i]}");
            Assert.True(Math.Abs(published.MeanRepeatSpend![p] - summary.MeanRepeatSpend![i]) <= 0.005 + 1e-9, $"customer {id}: zbar");
        }

        // The pure C# builder on the same log gives the same holdout columns.
        var log = TransactionLog.ReadCdnow(Path.Combine(CdnowDirectory, "CDNOW_sample.txt"));
        var built = CustomerSummaryBuilder.Build(log, new DateOnly(1997, 9, 30), new DateOnly(1998, 6, 30), TimeUnit.Weeks);
        var holdoutSql = 0;
        var holdoutBuilt = 0;
        for (var i = 0; i < summary.Count; i++)
        {
            holdoutSql += summary.HoldoutFrequency![i];
            holdoutBuilt += built.HoldoutFrequency![i];
        }

        Assert.Equal(holdoutBuilt, holdoutSql);
    }

    [Fact]
    public void Run_PurchaseOnTheCutoffDay_InTheHoldoutNotInCalibration()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        InsertPurchases(connection, ("a", "2024-01-01 09:00"), ("a", "2024-01-05 10:00"), ("a", "2024-01-10 08:00"), ("b", "2024-01-10 23:00"), ("c", "2024-01-09 23:59"));

        var summary = LifetimeSummaryQuery.Run(connection, new DateOnly(2024, 1, 10), new DateOnly(2024, 1, 11), TimeUnit.Days);

        // b's first purchase is on the cutoff day: like the features of that cutoff, the summary does not know b yet.
        Assert.Equal(["a", "c"], summary.CustomerIds);
        Assert.Equal(1, summary.Frequency[0]);
        Assert.Equal(4.0, summary.Recency[0]);
        Assert.Equal(8.0, summary.Age[0]); // 2024-01-01 to the last calibration day 2024-01-09
        Assert.Equal(1, summary.HoldoutFrequency![0]);
        Assert.Equal(0.0, summary.Age[1]); // c bought on the last calibration day
        Assert.Equal(1.0, summary.HoldoutLength);
    }

    [Fact]
    public void Run_HoldoutEndBeforeCutoff_Throws()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        InsertPurchases(connection, ("a", "2024-01-01 09:00"));

        Assert.Throws<ArgumentOutOfRangeException>(() => LifetimeSummaryQuery.Run(connection, new DateOnly(2024, 1, 10), new DateOnly(2024, 1, 9), TimeUnit.Days));
    }

    [Fact]
    public void PurchaseDays_SameDayOrders_Merged()
    {
        using var connection = DuckDbConnection.OpenInMemory();
        connection.Execute(SqlScripts.Load("Silver/schema.sql"));
        connection.Execute("""
            INSERT INTO silver.orders (order_id, customer_id, ordered_at, status, is_purchase, source, _source_file, _ingested_at) VALUES
              ('o1', 'c', TIMESTAMP '2024-01-01 09:00', 'completed', TRUE, 't', 'f', TIMESTAMP '2024-02-01'),
              ('o2', 'c', TIMESTAMP '2024-01-01 18:00', 'completed', TRUE, 't', 'f', TIMESTAMP '2024-02-01'),
              ('o3', 'c', TIMESTAMP '2024-01-05 10:00', 'canceled', FALSE, 't', 'f', TIMESTAMP '2024-02-01');
            INSERT INTO silver.order_lines (order_id, line_number, quantity, unit_price, line_amount, source, _source_file, _ingested_at) VALUES
              ('o1', 1, 1, 10, 10, 't', 'f', TIMESTAMP '2024-02-01'),
              ('o2', 1, 2, 2.5, 5, 't', 'f', TIMESTAMP '2024-02-01'),
              ('o3', 1, 1, 99, 99, 't', 'f', TIMESTAMP '2024-02-01');
            """);

        var log = LifetimeSummaryQuery.PurchaseDays(connection, new DateOnly(2024, 1, 31));

        Assert.Equal(1, log.Count);
        Assert.Equal(15.0, log.Amounts[0]);
    }

    private static void InsertPurchases(DuckDbConnection connection, params (string Customer, string At)[] purchases)
    {
        connection.Execute(SqlScripts.Load("Silver/schema.sql"));
        for (var i = 0; i < purchases.Length; i++)
        {
            var (customer, at) = purchases[i];
            connection.Execute(string.Create(CultureInfo.InvariantCulture, $"""
                INSERT INTO silver.orders (order_id, customer_id, ordered_at, status, is_purchase, source, _source_file, _ingested_at)
                VALUES ('o{i}', '{customer}', TIMESTAMP '{at}', 'completed', TRUE, 't', 'f', TIMESTAMP '2024-02-01');
                INSERT INTO silver.order_lines (order_id, line_number, quantity, unit_price, line_amount, source, _source_file, _ingested_at)
                VALUES ('o{i}', 1, 1, 10, 10, 't', 'f', TIMESTAMP '2024-02-01');
                """));
        }
    }

    internal static void LoadCdnowIntoSilver(DuckDbConnection connection, string path)
    {
        connection.Execute(SqlScripts.Load("Silver/schema.sql"));
        connection.Execute("CREATE TABLE main.cdnow (order_id VARCHAR, customer_id VARCHAR, day DATE, amount DOUBLE)");
        var log = TransactionLog.ReadCdnow(path);
        using (var appender = connection.CreateAppender("main", "cdnow"))
        {
            for (var i = 0; i < log.Count; i++)
            {
                appender.Append(i.ToString(CultureInfo.InvariantCulture)).Append(log.CustomerIds[i])
                    .Append(DateOnly.FromDayNumber(log.Days[i])).Append(log.Amounts[i]);
                appender.EndRow();
            }
        }

        connection.Execute("""
            INSERT INTO silver.orders (order_id, customer_id, ordered_at, status, is_purchase, source, _source_file, _ingested_at)
            SELECT order_id, customer_id, CAST(day AS TIMESTAMP), 'completed', TRUE, 'cdnow', 'CDNOW_sample.txt', TIMESTAMP '2026-01-01'
            FROM cdnow;
            INSERT INTO silver.order_lines (order_id, line_number, quantity, unit_price, line_amount, source, _source_file, _ingested_at)
            SELECT order_id, 1, 1, amount, amount, 'cdnow', 'CDNOW_sample.txt', TIMESTAMP '2026-01-01'
            FROM cdnow;
            """);
    }
}
