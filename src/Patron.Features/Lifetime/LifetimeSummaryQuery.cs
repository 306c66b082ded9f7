using System.Globalization;
using Patron.DuckDb;
using Patron.Lifetime.Data;
using Patron.Warehouse;

namespace Patron.Features.Lifetime;

/// <summary>Computes the lifetime models' calibration/holdout summary from the warehouse's silver tables.</summary>
/// <remarks>
/// Runs <c>Sql/lifetime_summary.sql</c>: one transaction per customer and day, first purchase not counted, as in
/// <see cref="CustomerSummaryBuilder"/>. The cutoff is exclusive, like the feature store's: calibration holds the
/// purchases strictly before 00:00 of the cutoff day, so the summary at a cutoff sees exactly the rows the customer
/// features of that cutoff see. T and recency count whole days up to the last calibration day (the day before the
/// cutoff), which is the published CDNOW convention: the 39-week summary ending 1997-09-30 is
/// <c>Run(connection, 1997-10-01, 1998-07-01, Weeks)</c>, and equals <see cref="CustomerSummaryBuilder"/> with the
/// inclusive last day 1997-09-30. Customers are ordered by id.
/// </remarks>
public static class LifetimeSummaryQuery
{
    /// <summary>The summary of the purchases before <paramref name="cutoff"/>, with holdout columns over the days from
    /// the cutoff up to the day before <paramref name="holdoutEnd"/> when given.</summary>
    /// <param name="connection">A warehouse with silver orders and order lines.</param>
    /// <param name="cutoff">First day after calibration (exclusive), as the feature store's cutoff.</param>
    /// <param name="holdoutEnd">First day after the holdout (exclusive), or null for no holdout.</param>
    /// <param name="unit">Unit of recency, T and the holdout length.</param>
    public static CustomerSummary Run(DuckDbConnection connection, DateOnly cutoff, DateOnly? holdoutEnd, TimeUnit unit) =>
        Run(connection, cutoff, holdoutEnd, unit, null);

    /// <summary>As <see cref="Run(DuckDbConnection, DateOnly, DateOnly?, TimeUnit)"/>, reading the purchase days from
    /// <paramref name="purchaseDays"/> when given: a table of <see cref="PurchaseDaysSql"/>'s rows up to the holdout's end
    /// or later (<see cref="SharedPurchaseDays"/>), which gives the same summary as reading silver.</summary>
    internal static CustomerSummary Run(DuckDbConnection connection, DateOnly cutoff, DateOnly? holdoutEnd, TimeUnit unit, string? purchaseDays)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (holdoutEnd is { } end && end < cutoff)
        {
            throw new ArgumentOutOfRangeException(nameof(holdoutEnd), end, "The holdout must end on or after the cutoff (both exclusive).");
        }

        var sql = SqlScripts.Render(SqlScripts.Load(typeof(LifetimeSummaryQuery).Assembly, "lifetime_summary.sql"), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cutoff"] = DateLiteral(cutoff),
            ["holdout_end"] = DateLiteral(holdoutEnd ?? cutoff),
            ["days_per_unit"] = unit.DaysPerUnit().ToString("R", CultureInfo.InvariantCulture),
            ["purchase_days"] = purchaseDays ?? "(" + PurchaseDaysSql(holdoutEnd ?? cutoff) + ")",
        });
        using var result = connection.Query(sql);
        var n = checked((int)result.RowCount);
        var ids = new string[n];
        var x = new int[n];
        var recency = new double[n];
        var age = new double[n];
        var spend = new double[n];
        var holdout = holdoutEnd is null ? null : new int[n];
        var holdoutSpend = holdoutEnd is null ? null : new double[n];
        DuckDbColumn idColumn = result["customer_id"], xColumn = result["frequency"], txColumn = result["recency"], tColumn = result["t"];
        DuckDbColumn spendColumn = result["mean_repeat_spend"], holdoutColumn = result["holdout_frequency"], holdoutSpendColumn = result["holdout_spend"];
        for (var i = 0; i < n; i++)
        {
            ids[i] = idColumn.GetString(i);
            x[i] = xColumn.GetInt32(i);
            recency[i] = txColumn.GetDouble(i);
            age[i] = tColumn.GetDouble(i);
            spend[i] = spendColumn.GetDouble(i);
            if (holdout is not null && holdoutSpend is not null)
            {
                holdout[i] = holdoutColumn.GetInt32(i);
                holdoutSpend[i] = holdoutSpendColumn.GetDouble(i);
            }
        }

        var length = holdoutEnd is { } h ? (h.DayNumber - cutoff.DayNumber) / unit.DaysPerUnit() : double.NaN;
        return new CustomerSummary(ids, x, recency, age, spend, holdout, holdoutSpend, unit, length);
    }

    /// <summary>The summary's transactions, one row per customer and purchase day before <paramref name="until"/>
    /// (<c>Sql/lifetime_purchase_days.sql</c>).</summary>
    internal static string PurchaseDaysSql(DateOnly until) =>
        SqlScripts.Render(SqlScripts.Load(typeof(LifetimeSummaryQuery).Assembly, "lifetime_purchase_days.sql"), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["until"] = DateLiteral(until),
        });

    /// <summary>Stages the purchase days before <paramref name="until"/> once in the temporary table
    /// <see cref="SharedPurchaseDays"/>, for the summaries of several cutoffs up to it (each then reads its days from the
    /// table instead of joining silver's orders and lines again); the caller drops it with
    /// <see cref="DropPurchaseDays"/>.</summary>
    internal static void StagePurchaseDays(DuckDbConnection connection, DateOnly until) =>
        connection.Execute($"CREATE OR REPLACE TEMP TABLE {SharedPurchaseDays} AS {PurchaseDaysSql(until)}");

    internal static void DropPurchaseDays(DuckDbConnection connection) => connection.Execute($"DROP TABLE IF EXISTS {SharedPurchaseDays}");

    /// <summary>The temporary table of <see cref="StagePurchaseDays"/>.</summary>
    internal const string SharedPurchaseDays = "lx_purchase_days";

    /// <summary>The purchase log (one row per customer and day, amounts summed) up to <paramref name="until"/>, for tracking curves.</summary>
    public static TransactionLog PurchaseDays(DuckDbConnection connection, DateOnly until)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var sql = $"""
            SELECT o.customer_id, CAST(o.ordered_at AS DATE) AS day, SUM(COALESCE(l.line_amount, 0)) AS amount
            FROM silver.orders AS o LEFT JOIN silver.order_lines AS l ON l.order_id = o.order_id
            WHERE o.is_purchase AND o.customer_id IS NOT NULL AND CAST(o.ordered_at AS DATE) <= {DateLiteral(until)}
            GROUP BY 1, 2 ORDER BY 1, 2
            """;
        using var result = connection.Query(sql);
        var n = checked((int)result.RowCount);
        var ids = new string[n];
        var days = new int[n];
        var amounts = new double[n];
        DuckDbColumn idColumn = result[0], dayColumn = result[1], amountColumn = result[2];
        for (var i = 0; i < n; i++)
        {
            ids[i] = idColumn.GetString(i);
            days[i] = dayColumn.GetDate(i).DayNumber;
            amounts[i] = amountColumn.GetDouble(i);
        }

        return new TransactionLog(ids, days, amounts);
    }

    private static string DateLiteral(DateOnly date) => string.Create(CultureInfo.InvariantCulture, $"DATE '{date:yyyy-MM-dd}'");
}
