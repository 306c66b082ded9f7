using System.Globalization;
using Patron.DuckDb;

namespace Patron.Features.Experiments;

/// <summary>
/// Each unit's outcomes over an experiment's window, from silver: revenue net of returns, purchase orders and
/// conversion, cumulated at every weekly look, with the same metrics over the equally long period before the start
/// as the pre-experiment covariate (CUPED).
/// </summary>
/// <remarks>
/// Revenue follows the KPIs' rule: the lines of purchases and of cancellation or return documents (negative amounts),
/// outlier lines left out. Orders count purchases; conversion is at least one purchase in the window. Times are the
/// orders' own: the window is [start, start + window days), the pre-period [start − window days, start). Units with no
/// order count as zero. Looks fall every 7 days from the start, the last at the window's end.
/// </remarks>
public sealed class ExperimentOutcomes
{
    private ExperimentOutcomes(DateOnly start, int windowDays, int[] lookDays, double[][] revenue, double[][] orders, double[] preRevenue, double[] preOrders)
    {
        Start = start;
        WindowDays = windowDays;
        LookDays = lookDays;
        RevenueAtLook = revenue;
        OrdersAtLook = orders;
        PreRevenue = preRevenue;
        PreOrders = preOrders;
    }

    /// <summary>First day of the window.</summary>
    public DateOnly Start { get; }

    /// <summary>Length of the window in days.</summary>
    public int WindowDays { get; }

    /// <summary>Days since the start at each look (7, 14, ..., the window's length).</summary>
    public int[] LookDays { get; }

    /// <summary>Per look, per unit: revenue from the start up to the look.</summary>
    public double[][] RevenueAtLook { get; }

    /// <summary>Per look, per unit: purchase orders from the start up to the look.</summary>
    public double[][] OrdersAtLook { get; }

    /// <summary>Per unit: revenue over the whole window.</summary>
    public double[] Revenue => RevenueAtLook[^1];

    /// <summary>Per unit: purchase orders over the whole window.</summary>
    public double[] Orders => OrdersAtLook[^1];

    /// <summary>Per unit: revenue over the pre-period.</summary>
    public double[] PreRevenue { get; }

    /// <summary>Per unit: purchase orders over the pre-period.</summary>
    public double[] PreOrders { get; }

    /// <summary>The outcome of <paramref name="metric"/> per unit at look <paramref name="look"/> (conversion as 0/1).</summary>
    public double[] Metric(string metric, int look) => metric switch
    {
        "revenue" => RevenueAtLook[look],
        "orders" => OrdersAtLook[look],
        "conversion" => Indicator(OrdersAtLook[look]),
        _ => throw new ArgumentException($"Unknown metric '{metric}': use revenue, orders or conversion."),
    };

    /// <summary>The pre-period value of <paramref name="metric"/> per unit, the CUPED covariate.</summary>
    public double[] Covariate(string metric) => metric switch
    {
        "revenue" => PreRevenue,
        "orders" => PreOrders,
        "conversion" => Indicator(PreOrders),
        _ => throw new ArgumentException($"Unknown metric '{metric}': use revenue, orders or conversion."),
    };

    /// <summary>Reads the outcomes of <paramref name="ids"/> (any order; the arrays follow it).</summary>
    public static ExperimentOutcomes Read(DuckDbConnection connection, IReadOnlyList<string> ids, DateOnly start, int windowDays)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowDays);
        var index = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!index.TryAdd(ids[i], i))
            {
                throw new ArgumentException($"Customer '{ids[i]}' is listed twice.");
            }
        }

        var lookDays = LooksOf(windowDays);
        var revenue = new double[lookDays.Length][];
        var orders = new double[lookDays.Length][];
        for (var k = 0; k < lookDays.Length; k++)
        {
            revenue[k] = new double[ids.Count];
            orders[k] = new double[ids.Count];
        }

        var preRevenue = new double[ids.Count];
        var preOrders = new double[ids.Count];
        var from = start.AddDays(-windowDays);
        var to = start.AddDays(windowDays);
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            SELECT o.customer_id,
                   date_diff('day', DATE '{start:yyyy-MM-dd}', CAST(o.ordered_at AS DATE)) AS day,
                   coalesce(sum(l.line_amount), 0.0) AS revenue,
                   count(DISTINCT o.order_id) FILTER (WHERE o.is_purchase) AS orders
            FROM silver.orders AS o
            LEFT JOIN silver.order_lines AS l ON l.order_id = o.order_id AND NOT l.is_outlier
            WHERE o.customer_id IS NOT NULL AND (o.is_purchase OR o.is_cancellation)
              AND o.ordered_at >= TIMESTAMP '{from:yyyy-MM-dd} 00:00:00' AND o.ordered_at < TIMESTAMP '{to:yyyy-MM-dd} 00:00:00'
            GROUP BY 1, 2
            """);
        using var result = connection.Query(sql);
        DuckDbColumn idColumn = result["customer_id"], dayColumn = result["day"], revenueColumn = result["revenue"], ordersColumn = result["orders"];
        for (var r = 0; r < (int)result.RowCount; r++)
        {
            if (!index.TryGetValue(idColumn.GetString(r), out var unit))
            {
                continue;
            }

            var day = dayColumn.GetInt64(r);
            var amount = revenueColumn.GetDouble(r);
            var count = ordersColumn.GetInt64(r);
            if (day < 0)
            {
                preRevenue[unit] += amount;
                preOrders[unit] += count;
                continue;
            }

            // The order counts at every look from the first one at or after its day.
            for (var k = 0; k < lookDays.Length; k++)
            {
                if (day < lookDays[k])
                {
                    revenue[k][unit] += amount;
                    orders[k][unit] += count;
                }
            }
        }

        return new ExperimentOutcomes(start, windowDays, lookDays, revenue, orders, preRevenue, preOrders);
    }

    private static int[] LooksOf(int windowDays)
    {
        var looks = new List<int>();
        for (var d = 7; d < windowDays; d += 7)
        {
            looks.Add(d);
        }

        looks.Add(windowDays);
        return [.. looks];
    }

    private static double[] Indicator(double[] counts)
    {
        var flags = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            flags[i] = counts[i] > 0 ? 1 : 0;
        }

        return flags;
    }
}
