namespace Patron.Warehouse.Silver;

/// <summary>
/// How one entity is deduplicated: its key, the content that makes two rows of a key exact copies, and which row wins.
/// The four core blocks of the resolution script (orders, lines, customers, products) and the blocks of the optional
/// tables (<see cref="OptionalTable"/>) are rendered from this one template.
/// </summary>
/// <remarks>
/// A block makes three objects, all small or lazy, so no entity is ever copied whole: <c>k_{Name}</c>, the keys given more
/// than once; <c>d_{Name}</c>, every row of those keys with its <c>copy_no</c> (rank among rows of identical content) and
/// <c>version_no</c> (rank among the first copies of different contents); and the view <c>u_{Name}</c>, one row per key:
/// the staging rows of keys given once plus the winning row of every repeated key.
/// </remarks>
/// <param name="Name">Suffix of the temp objects (<c>orders</c>, <c>lines</c>, ...).</param>
/// <param name="View">The staging view read.</param>
/// <param name="Key">The business key's columns; a row with any of them NULL is set aside before (missing_key).</param>
/// <param name="Content">The other columns compared to tell an exact copy from a new version (empty: every row of a
/// repeated key is a copy of the first).</param>
/// <param name="LatestExportWins">Master data: the most recent export wins; transactions: the earliest version in time, then
/// the first row in file order.</param>
/// <param name="RepeatedKeys">A cheaper query for <c>k_{Name}</c> over tables the script made before, or null to group the
/// whole staging view by key.</param>
internal sealed record Deduplication(string Name, string View, string[] Key, string[] Content, bool LatestExportWins, string? RepeatedKeys = null)
{
    /// <summary>The four entities every source provides, in the order the resolution script uses them.</summary>
    public static readonly Deduplication[] Core =
    [
        new("orders", "orders", ["order_id"],
            ["customer_id", "ordered_at", "status", "is_purchase", "is_cancellation", "payment_method", "installments",
             "approved_at", "shipped_at", "delivered_at", "estimated_delivery_at"], LatestExportWins: false,
            RepeatedKeys: "SELECT order_id FROM order_keys WHERE orders > 1") { Time = "v.ordered_at" },

        // Two lines can share a key only within an order id that has more than one line.
        new("lines", "order_lines", ["order_id", "line_number"],
            ["product_id", "seller_id", "quantity", "unit_price", "discount", "freight", "line_amount", "is_return"], LatestExportWins: false,
            RepeatedKeys: "SELECT order_id, line_number FROM {staging}.order_lines v "
                + "WHERE v.line_number IS NOT NULL AND v.order_id IN (SELECT order_id FROM order_keys WHERE lines > 1) "
                + "GROUP BY ALL HAVING count(*) > 1")
        {
            // A line read from the same row as its order (one line per order) takes that order version's time, so the
            // line kept is the kept order's; lines of other files have no time of their own and go by file order.
            Time = "t.ordered_at",
            TimeJoin = "LEFT JOIN (SELECT order_id, _source_file, _row_number, _ingested_at, ordered_at FROM d_orders) t "
                + "ON t.order_id = v.order_id AND t._source_file = v._source_file AND t._row_number = v._row_number AND t._ingested_at = v._ingested_at",
        },
        new("customers", "customers", ["customer_id"],
            ["registered_at", "age", "gender", "country", "state", "city", "zip_prefix", "email_domain", "acquisition_channel"], LatestExportWins: true),
        new("products", "products", ["product_id"],
            ["name", "category", "subcategory", "brand", "base_price", "margin", "is_non_product"], LatestExportWins: true),
    ];

    /// <summary>The relation read instead of the staging view, e.g. a temp copy of it; null reads <c>{staging}.{View}</c>.</summary>
    public string? Relation { get; init; }

    /// <summary>
    /// When a version happened (an expression over the staging row <c>v</c>, or the relation of <see cref="TimeJoin"/>); null
    /// for entities without a time of their own. Transactions keep their earliest version, so a row dated later (at or after
    /// any cutoff) that reuses a key can never displace the version an earlier cutoff saw, wherever the file puts it.
    /// </summary>
    public string? Time { get; init; }

    /// <summary>A join that brings <see cref="Time"/> to the rows of repeated keys (only those are read), or null.</summary>
    public string? TimeJoin { get; init; }

    /// <summary>The temp objects this block creates, for the builder to drop afterwards.</summary>
    public IEnumerable<string> TempTables => ["k_" + Name, "d_" + Name];

    /// <summary>The view of one row per key.</summary>
    public string UniqueView => "u_" + Name;

    /// <summary>The block's SQL over the given staging schema.</summary>
    public string Sql(string staging)
    {
        var keys = string.Join(", ", Key);
        var notNull = string.Join(" AND ", Key.Select(k => "v." + k + " IS NOT NULL"));
        var order = (LatestExportWins ? "_ingested_at DESC" : "_version_time NULLS LAST, _ingested_at") + ", _source_file, _row_number";
        var winner = LatestExportWins ? "the most recent export wins" : "the earliest version wins, then the first row in file order";
        var time = LatestExportWins || Time is null ? "CAST(NULL AS TIMESTAMP)" : Time;
        var semi = string.Join(" AND ", Key.Select(k => "k." + k + " = v." + k));
        var from = Relation ?? $"{staging}.{View}";
        var copies = Content.Length == 0 ? keys : keys + ", " + string.Join(", ", Content);
        var repeated = RepeatedKeys?.Replace("{staging}", staging, StringComparison.Ordinal)
            ?? $"SELECT {keys} FROM {from} v WHERE {notNull} GROUP BY ALL HAVING count(*) > 1";
        return $"""

            -- {View}: copies (identical content) and versions (same key, other content); {winner}.
            -- Only keys that occur more than once need the window work; every other row is its key's only copy and version.
            CREATE OR REPLACE TEMP TABLE k_{Name} AS
            {repeated};

            CREATE OR REPLACE TEMP TABLE d_{Name} AS
            WITH r AS (
                SELECT v.*, {time} AS _version_time
                FROM {from} v {TimeJoin}
                SEMI JOIN k_{Name} k ON {semi}),
            c AS (SELECT *, row_number() OVER (PARTITION BY {copies} ORDER BY {order}) AS copy_no FROM r)
            SELECT * EXCLUDE (_version_time), row_number() OVER (PARTITION BY {keys}, copy_no = 1 ORDER BY {order}) AS version_no
            FROM c;

            CREATE OR REPLACE TEMP VIEW u_{Name} AS
            SELECT v.* FROM {from} v ANTI JOIN k_{Name} k USING ({keys}) WHERE {notNull}
            UNION ALL
            SELECT * EXCLUDE (copy_no, version_no) FROM d_{Name} WHERE copy_no = 1 AND version_no = 1;

            """;
    }
}
