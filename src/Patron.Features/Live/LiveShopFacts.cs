using System.Globalization;
using Patron.DuckDb;

namespace Patron.Features.Live;

/// <summary>
/// What the fast path (<see cref="LiveFastPath"/>) checks a posted order against, so that it applies only orders whose
/// fate under the silver rules is certain without the warehouse: the known customers and products (an order of anyone
/// else is an orphan), every order id the warehouse holds (a copy or a reused id is resolved by the warehouse), the
/// prices of the events' stored lines by product (the price rule's history), the products' versions in force at the
/// cutoff with their margins (as <c>customer_rows.sql</c> joins them) and the journal sequence of the snapshot.
/// </summary>
/// <remarks>Ids are held as sorted arrays of 64-bit hashes (<see cref="LiveKeys"/>), 8 bytes each. A collision makes
/// an order id look stored (the order then waits for the warehouse: safe) or an unknown customer look known (the order
/// is applied fast and the warehouse's result, which drops it, replaces it at the next update: about one event in
/// 10^13 at 2M customers).</remarks>
public sealed class LiveShopFacts
{
    private readonly long[] _customers;
    private readonly long[] _orders;
    private readonly HashSet<string> _products;
    private readonly Dictionary<string, PriceRange> _prices;

    private LiveShopFacts(long[] customers, long[] orders, HashSet<string> products, Dictionary<string, PriceRange> prices, ProductVersionRows versions, long journalSequence)
    {
        _customers = customers;
        _orders = orders;
        _products = products;
        _prices = prices;
        Versions = versions;
        JournalSequence = journalSequence;
    }

    /// <summary>The last journal sequence the snapshot holds.</summary>
    public long JournalSequence { get; }

    /// <summary>Bytes held, about.</summary>
    public long Bytes => (_customers.Length + _orders.Length) * 8L + (_products.Count + _prices.Count) * 64L + Versions.Ids.Length * 64L;

    /// <summary>The products' versions in force at the cutoff.</summary>
    internal ProductVersionRows Versions { get; }

    /// <summary>Whether any source's customers hold <paramref name="customerId"/>.</summary>
    public bool IsKnownCustomer(string customerId) => LiveKeys.Contains(_customers, LiveKeys.Hash(customerId));

    /// <summary>Whether any source's products hold <paramref name="productId"/>.</summary>
    public bool IsKnownProduct(string productId) => _products.Contains(productId);

    /// <summary>Whether the warehouse may hold <paramref name="orderId"/> (as any source's order, or as a posted order or
    /// line in bronze, kept or not).</summary>
    public bool MayHoldOrder(string orderId) => LiveKeys.Contains(_orders, LiveKeys.Hash(orderId));

    /// <summary>The range of the positive prices of the events' stored lines of <paramref name="productId"/> (any time,
    /// copies included: a superset of what the price rule reads), or null when there are none.</summary>
    public PriceRange? StoredPrices(string productId) => _prices.TryGetValue(productId, out var range) ? range : null;

    /// <summary>Reads the facts as of <paramref name="cutoff"/> in the connection's current transaction.</summary>
    public static LiveShopFacts Read(DuckDbConnection connection, DateOnly cutoff)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var events = connection.Scalar<long>("""
            SELECT count(*) FROM duckdb_tables()
            WHERE schema_name = 'bronze' AND table_name IN ('events_orders', 'events_order_lines')
            """) == 2;
        var customers = LiveKeys.Read(connection, "SELECT DISTINCT customer_id FROM silver.customers WHERE customer_id IS NOT NULL");
        var orderSql = "SELECT DISTINCT order_id FROM silver.orders WHERE order_id IS NOT NULL";
        if (events)
        {
            orderSql += " UNION SELECT order_id FROM bronze.events_orders WHERE order_id IS NOT NULL"
                      + " UNION SELECT order_id FROM bronze.events_order_lines WHERE order_id IS NOT NULL";
        }

        var orders = LiveKeys.Read(connection, orderSql);
        var products = new HashSet<string>(StringComparer.Ordinal);
        using (var result = connection.Query("SELECT DISTINCT product_id FROM silver.products WHERE product_id IS NOT NULL"))
        {
            for (var r = 0; r < result.RowCount; r++)
            {
                products.Add(result[0].GetString(r));
            }
        }

        var prices = new Dictionary<string, PriceRange>(StringComparer.Ordinal);
        if (events)
        {
            using var result = connection.Query("""
                SELECT product_id, min(unit_price), max(unit_price), count(*)
                FROM bronze.events_order_lines
                WHERE product_id IS NOT NULL AND unit_price > 0 AND quantity <> 0
                GROUP BY product_id
                """);
            for (var r = 0; r < result.RowCount; r++)
            {
                prices[result[0].GetString(r)] = new PriceRange(result[1].GetDouble(r), result[2].GetDouble(r), result[3].GetInt64(r));
            }
        }

        var versions = ProductVersionRows.Read(connection, cutoff);
        return new LiveShopFacts(customers, orders, products, prices, versions, ReadJournalSequence(connection));
    }

    /// <summary>The last journal sequence the warehouse records (0 for none, or a warehouse without the table).</summary>
    internal static long ReadJournalSequence(DuckDbConnection connection)
    {
        var exists = connection.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'bronze' AND table_name = 'event_journal'") > 0;
        return exists ? connection.Scalar<long>("SELECT coalesce(max(sequence), 0) FROM bronze.event_journal") : 0;
    }
}

/// <summary>The lowest and highest of a product's positive prices and how many there are.</summary>
public readonly record struct PriceRange(double Min, double Max, long Count)
{
    /// <summary>The range with <paramref name="price"/> added.</summary>
    public PriceRange With(double price) => new(Math.Min(Min, price), Math.Max(Max, price), Count + 1);

    /// <summary>Both ranges together.</summary>
    public PriceRange With(PriceRange other) => new(Math.Min(Min, other.Min), Math.Max(Max, other.Max), Count + other.Count);
}

/// <summary>The product versions in force at a cutoff, chosen as <c>customer_rows.sql</c> chooses them: their row ids
/// (what the kernel's product table is indexed by) and margins.</summary>
internal sealed class ProductVersionRows
{
    private ProductVersionRows(string[] ids, long[] rows, double?[] margins)
    {
        Ids = ids;
        Rows = rows;
        Margins = margins;
    }

    public string[] Ids { get; }

    public long[] Rows { get; }

    public double?[] Margins { get; }

    public static ProductVersionRows Read(DuckDbConnection connection, DateOnly cutoff)
    {
        var day = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var result = connection.Query($"""
            SELECT product_id, rowid AS product_row, margin
            FROM silver.product_versions
            WHERE (valid_from < DATE '{day}' OR version = 1) AND (valid_to IS NULL OR valid_to >= DATE '{day}')
            QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY valid_from DESC, version DESC, source, _source_file) = 1
            """);
        var n = result.RowCount;
        var ids = new string[n];
        var rows = new long[n];
        var margins = new double?[n];
        for (var r = 0; r < n; r++)
        {
            ids[r] = result[0].GetString(r);
            rows[r] = result[1].GetInt64(r);
            margins[r] = result[2].IsNull(r) ? null : result[2].GetDouble(r);
        }

        return new ProductVersionRows(ids, rows, margins);
    }
}
