using System.Globalization;
using System.Text;
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
    /// The baskets of orders placed in [<paramref name="from"/>, <paramref name="to"/>), one per order or per customer;
    /// for customer baskets, <paramref name="keys"/> receives each basket's customer id.
    /// </summary>
    public static BasketSet Read(DuckDbConnection connection, RuleItems items, BasketKind kind, DateTime from, DateTime to, List<string>? keys = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["key"] = kind == BasketKind.Order ? "l.order_row" : "l.customer_id",
            ["known"] = kind == BasketKind.Order ? "TRUE" : "l.customer_id IS NOT NULL",
            ["from"] = Timestamp(from),
            ["to"] = Timestamp(to),
        };
        var builder = new BasketSetBuilder(items.Count);
        using var reader = connection.QueryStreaming(SqlScripts.Render(SqlScripts.Load(typeof(BasketSource).Assembly, "Rules/baskets.sql"), values));
        var previousRow = long.MinValue;
        var previousKey = new byte[64];
        var previousLength = -1;
        while (reader.NextChunk())
        {
            var key = reader.Vector(0);
            var codes = reader.Vector(1).Int32s();
            if (kind == BasketKind.Order)
            {
                var rows = key.Int64s();
                for (var i = 0; i < codes.Length; i++)
                {
                    if (rows[i] != previousRow)
                    {
                        builder.EndBasket();
                        previousRow = rows[i];
                    }

                    builder.Add(codes[i]);
                }

                continue;
            }

            for (var i = 0; i < codes.Length; i++)
            {
                var text = key.Utf8(i);
                if (previousLength < 0 || !text.SequenceEqual(previousKey.AsSpan(0, previousLength)))
                {
                    builder.EndBasket();
                    if (text.Length > previousKey.Length)
                    {
                        previousKey = new byte[text.Length * 2];
                    }

                    text.CopyTo(previousKey);
                    previousLength = text.Length;
                    keys?.Add(Encoding.UTF8.GetString(text));
                }

                builder.Add(codes[i]);
            }
        }

        builder.EndBasket();
        return builder.Build();
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
