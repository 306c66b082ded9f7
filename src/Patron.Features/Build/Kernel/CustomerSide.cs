using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Build.Kernel;

/// <summary>
/// What the partition's customers bring besides their orders, by customer number of <see cref="PartitionRows"/>:
/// attributes and registration (<c>Sql/partition_customers.sql</c>), reviews (<c>partition_reviews.sql</c>) and web
/// sessions (<c>partition_sessions.sql</c>), the last two already summed per customer by DuckDB.
/// </summary>
internal sealed class CustomerSide
{
    private CustomerSide(int customers)
    {
        RegisteredDay = new int?[customers];
        AgeBand = new string?[customers];
        Country = new string?[customers];
        Channel = new string?[customers];
        EmailClass = new string?[customers];
        ReviewCount = new long?[customers];
        ReviewScoreMean = new double?[customers];
        LowReviewShare = new double?[customers];
        SessionCount = new long?[customers];
        SessionDurationMean = new double?[customers];
        ViewsPerSession = new double?[customers];
        SessionPurchaseRate = new double?[customers];
        DaysSinceLastSession = new long?[customers];
    }

    /// <summary>The registration date (days since 1970-01-01) when it is before the cutoff.</summary>
    public int?[] RegisteredDay { get; }

    public string?[] AgeBand { get; }

    public string?[] Country { get; }

    public string?[] Channel { get; }

    public string?[] EmailClass { get; }

    public long?[] ReviewCount { get; }

    public double?[] ReviewScoreMean { get; }

    public double?[] LowReviewShare { get; }

    public long?[] SessionCount { get; }

    public double?[] SessionDurationMean { get; }

    public double?[] ViewsPerSession { get; }

    public double?[] SessionPurchaseRate { get; }

    public long?[] DaysSinceLastSession { get; }

    public static CustomerSide Read(DuckDbConnection connection, Dictionary<string, string> values, PartitionRows rows, bool reviews, bool sessions)
    {
        var side = new CustomerSide(rows.CustomerIds.Count);
        Stream(connection, "partition_customers.sql", values, rows, (reader, r, c) =>
        {
            side.RegisteredDay[c] = Day(reader.Column(1), r);
            side.AgeBand[c] = Text(reader.Column(2), r);
            side.Country[c] = Text(reader.Column(3), r);
            side.Channel[c] = Text(reader.Column(4), r);
            side.EmailClass[c] = Text(reader.Column(5), r);
        });
        if (reviews)
        {
            Stream(connection, "partition_reviews.sql", values, rows, (reader, r, c) =>
            {
                side.ReviewCount[c] = reader.Column(1).GetInt64(r);
                side.ReviewScoreMean[c] = Real(reader.Column(2), r);
                side.LowReviewShare[c] = Real(reader.Column(3), r);
            });
        }

        if (sessions)
        {
            Stream(connection, "partition_sessions.sql", values, rows, (reader, r, c) =>
            {
                side.SessionCount[c] = reader.Column(1).GetInt64(r);
                side.SessionDurationMean[c] = Real(reader.Column(2), r);
                side.ViewsPerSession[c] = Real(reader.Column(3), r);
                side.SessionPurchaseRate[c] = Real(reader.Column(4), r);
                side.DaysSinceLastSession[c] = reader.Column(5).IsNull(r) ? null : reader.Column(5).GetInt64(r);
            });
        }

        return side;
    }

    /// <summary>Reads a per-customer query whose first column is customer_id, handing on the rows of customers that
    /// have orders in the partition.</summary>
    private static void Stream(DuckDbConnection connection, string script, Dictionary<string, string> values, PartitionRows rows,
        Action<DuckDbReader, int, int> take)
    {
        using var reader = connection.QueryStreaming(SqlScripts.Render(FeatureSql.Load(script), values));
        while (reader.NextChunk())
        {
            var ids = reader.Column(0);
            for (var r = 0; r < reader.RowCount; r++)
            {
                var customer = rows.CustomerNumber(ids.GetString(r));
                if (customer >= 0)
                {
                    take(reader, r, customer);
                }
            }
        }
    }

    private static string? Text(DuckDbColumn column, int row) => column.IsNull(row) ? null : column.GetString(row);

    private static double? Real(DuckDbColumn column, int row) => column.IsNull(row) ? null : column.GetDouble(row);

    private static int? Day(DuckDbColumn column, int row) =>
        column.IsNull(row) ? null : column.GetDate(row).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
}
