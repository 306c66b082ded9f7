using System.Globalization;
using Patron.DuckDb;
using Patron.Learning.Rules;
using Patron.Warehouse;

namespace Patron.Features.Rules;

/// <summary>
/// Reads baskets from silver: <see cref="Prepare"/> selects the item lines before an end time into temporary tables
/// (<c>Sql/Rules/lines.sql</c>), then <see cref="Read"/> streams the baskets of a time window as item codes.
/// </summary>
internal static class BasketSource
{
    /// <summary>Selects the purchase lines before <paramref name="end"/> and codes their items; returns the items.</summary>
    public static RuleItems Prepare(DuckDbConnection connection, RuleLevel level, DateTime end)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["to"] = Timestamp(end),
            ["item"] = level == RuleLevel.Product ? "l.product_id" : "p.category",
            ["products"] = level == RuleLevel.Product ? "TRUE" : "FALSE",
        };
        connection.Execute(SqlScripts.Render(SqlScripts.Load(typeof(BasketSource).Assembly, "Rules/lines.sql"), values));
        using var items = connection.Query("SELECT item_id, name FROM rx_items ORDER BY code");
        var ids = new string[items.RowCount];
        var names = new string[items.RowCount];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = items["item_id"].GetString(i);
            names[i] = items["name"].GetString(i);
        }

        return new RuleItems(ids, names);
    }

    /// <summary>
    /// The baskets of orders placed in [<paramref name="from"/>, <paramref name="to"/>), one per order (in order row
    /// order) or per customer. For customer baskets the customers who bought in the window are first numbered in id
    /// order (temporary table <c>rx_customers</c>: code, customer_id), and basket <c>c</c> is customer <c>c</c>'s.
    /// </summary>
    public static BasketSet Read(DuckDbConnection connection, RuleItems items, BasketKind kind, DateTime from, DateTime to)
    {
        if (kind == BasketKind.Order)
        {
            return ReadPairs(connection, items, "l.order_row", "", from, to, -1, keepEmpty: false);
        }

        var customers = NumberCustomers(connection, from, to);
        return ReadPairs(connection, items, "c.code", "JOIN rx_customers c ON c.customer_id = l.customer_id", from, to, customers, keepEmpty: false);
    }

    /// <summary>
    /// What each customer of <c>rx_customers</c> (numbered by the last customer <see cref="Read"/>) bought in
    /// [<paramref name="from"/>, <paramref name="to"/>): basket <c>c</c> is customer <c>c</c>'s, empty when it bought nothing then.
    /// </summary>
    public static BasketSet ReadNumberedCustomers(DuckDbConnection connection, RuleItems items, DateTime from, DateTime to)
    {
        var customers = checked((int)connection.Scalar<long>("SELECT count(*) FROM rx_customers"));
        return ReadPairs(connection, items, "c.code", "JOIN rx_customers c ON c.customer_id = l.customer_id", from, to, customers, keepEmpty: true);
    }

    /// <summary>Numbers the customers with a basket in the window, in id order, into rx_customers; returns how many.</summary>
    private static int NumberCustomers(DuckDbConnection connection, DateTime from, DateTime to)
    {
        connection.Execute($"""
            CREATE OR REPLACE TEMP TABLE rx_customers AS
            SELECT CAST(row_number() OVER (ORDER BY customer_id) - 1 AS BIGINT) AS code, customer_id
            FROM (SELECT DISTINCT customer_id FROM rx_lines
                  WHERE customer_id IS NOT NULL AND ordered_at >= TIMESTAMP '{Timestamp(from)}' AND ordered_at < TIMESTAMP '{Timestamp(to)}');
            """);
        return checked((int)connection.Scalar<long>("SELECT count(*) FROM rx_customers"));
    }

    /// <summary>
    /// One streaming pass over (basket key, item code) rows in any order into two integer columns, then one counting
    /// sort into baskets (<see cref="BasketSet.FromPairs"/>): no sort in SQL and nothing allocated per row or basket.
    /// </summary>
    private static BasketSet ReadPairs(DuckDbConnection connection, RuleItems items, string key, string join, DateTime from, DateTime to, int keyCount, bool keepEmpty)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["key"] = key,
            ["join"] = join,
            ["from"] = Timestamp(from),
            ["to"] = Timestamp(to),
        };
        var keys = new int[1 << 16];
        var codes = new int[1 << 16];
        var length = 0;
        var maxKey = -1;
        using (var reader = connection.QueryStreaming(SqlScripts.Render(SqlScripts.Load(typeof(BasketSource).Assembly, "Rules/baskets.sql"), values)))
        {
            while (reader.NextChunk())
            {
                var chunkKeys = reader.Vector(0).Int64s();
                var chunkCodes = reader.Vector(1).Int32s();
                if (length + chunkCodes.Length > keys.Length)
                {
                    var size = Math.Max(keys.Length * 2, length + chunkCodes.Length);
                    Array.Resize(ref keys, size);
                    Array.Resize(ref codes, size);
                }

                for (var i = 0; i < chunkCodes.Length; i++)
                {
                    var k = checked((int)chunkKeys[i]);
                    keys[length + i] = k;
                    maxKey = Math.Max(maxKey, k);
                }

                chunkCodes.CopyTo(codes.AsSpan(length));
                length += chunkCodes.Length;
            }
        }

        return BasketSet.FromPairs(keys.AsSpan(0, length), codes.AsSpan(0, length), keyCount >= 0 ? keyCount : maxKey + 1, items.Count, keepEmpty);
    }

    /// <summary>The day after the last purchase, the cutoff that sees every basket; null when there is no purchase.</summary>
    public static DateOnly? CutoffAfterLastPurchase(DuckDbConnection connection)
    {
        using var result = connection.Query("SELECT CAST(max(ordered_at) AS DATE) + 1 AS day FROM silver.orders WHERE is_purchase");
        return result["day"].IsNull(0) ? null : result["day"].GetDate(0);
    }

    public static DateTime Start(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);

    private static string Timestamp(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
