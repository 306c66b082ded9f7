using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Silver;

/// <summary>
/// Rebuilds one source's silver rows from its staging views: the same resolution SQL for every source, with the
/// policy's choices filled in, then the per-check summary that <c>patron quality</c> reports.
/// </summary>
public sealed partial class SilverBuilder
{
    /// <summary>Temp tables of resolve.sql beyond the deduplication blocks'.</summary>
    private static readonly string[] ResolveTemporaries = ["order_keys", "f_orders", "q_orders", "priced", "price_flags", "price_outliers", "f_lines", "q_lines", "q_emptied_orders"];

    private readonly QualityPolicy _policy;

    public SilverBuilder(QualityPolicy policy)
    {
        _policy = policy;
    }

    /// <summary>Runs inside the caller's transaction; <paramref name="progress"/> hears the name of each step as it starts.
    /// With <paramref name="stage"/>, every statement writes the staged tables instead of silver's (<see cref="SilverStage"/>).</summary>
    public void Build(DuckDbConnection connection, ISourceAdapter source, DateTime now, IProgress<string>? progress = null, SilverStage? stage = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(source);
        var staging = StagingSchema(source.Name);
        var values = PolicyValues(source, now);
        values["dedup"] = DeduplicationSql(staging);
        values["known_customers"] = source.ExtendsWarehouse ? KnownCustomers(source.Name) : "(SELECT customer_id, registered_at FROM u_customers)";
        values["known_products"] = source.ExtendsWarehouse ? KnownProducts(source.Name) : "(SELECT product_id FROM u_products)";
        values["emptied_scope"] = "TRUE";
        values["order_key_counts"] = OrderKeyCounts(staging, source.OneLinePerOrder);
        AddSharedChecks(values);
        Func<string, string> tables = stage is null ? sql => sql : stage.Rewrite;
        progress?.Report("building silver: keys, duplicates and checks");
        ExecuteJudgingPrices(connection, tables(SqlScripts.Render(SqlScripts.Load("Silver/resolve.sql"), values)));
        progress?.Report("building silver: customer versions");
        connection.Execute(tables(SqlScripts.Render(SqlScripts.Load("Silver/customer_versions.sql"), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source"] = source.Name,
            ["observations"] = CustomerObservations(connection, staging),
        })));
        BuildRest(connection, source, staging, values, now, progress, tables);
    }

    /// <summary>Renders the pieces the full and the incremental resolution share (the order and line checks, the findings
    /// they write) with the policy in <paramref name="values"/>, and adds them to it under their placeholder names.</summary>
    private static void AddSharedChecks(Dictionary<string, string> values)
    {
        values["order_flags"] = SqlScripts.Render(SqlScripts.Load("Silver/order_flags.sql"), values);
        values["line_flags"] = SqlScripts.Render(SqlScripts.Load("Silver/line_flags.sql"), values);
        values["findings"] = SqlScripts.Render(SqlScripts.Load("Silver/findings.sql"), values);
        values["judge_prices"] = PriceJudgement.Marker;
    }

    /// <summary>Runs a rendered script that holds the price judgement's marker once: the statements before it (which
    /// leave the temp table <c>priced</c>), the judgement (<see cref="PriceJudgement"/>, which writes
    /// <c>price_flags</c>), then the statements after it.</summary>
    private static void ExecuteJudgingPrices(DuckDbConnection connection, string script)
    {
        var at = script.IndexOf(PriceJudgement.Marker, StringComparison.Ordinal);
        if (at < 0 || script.IndexOf(PriceJudgement.Marker, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException("A resolution script must hold the price judgement's marker exactly once.");
        }

        connection.Execute(script[..at]);
        PriceJudgement.Judge(connection, "priced", "price_flags");
        connection.Execute(script[(at + PriceJudgement.Marker.Length)..]);
    }

    /// <summary>The resolution's values every script shares: the source, its staging schema, the check time and the policy.</summary>
    private Dictionary<string, string> PolicyValues(ISourceAdapter source, DateTime now)
        => new(StringComparer.Ordinal)
        {
            ["source"] = source.Name,
            ["now"] = now.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            ["opening"] = (_policy.ShopOpened ?? source.ShopOpened).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["orphan_action"] = _policy.KeepOrphans ? "kept" : "quarantined",
            ["keep_orphans"] = _policy.KeepOrphans ? "TRUE" : "FALSE",
            ["outlier_action"] = _policy.QuarantineOutliers ? "quarantined" : "flagged",
            ["drop_outliers"] = _policy.QuarantineOutliers ? "TRUE" : "FALSE",
            ["staging"] = StagingSchema(source.Name),
        };

    /// <summary>Product versions, the optional tables, the source's own checks and the summary: the full resolution's
    /// steps after the core entities and the customer versions.</summary>
    private static void BuildRest(DuckDbConnection connection, ISourceAdapter source, string staging, Dictionary<string, string> values, DateTime now, IProgress<string>? progress, Func<string, string> tables)
    {
        progress?.Report("building silver: product versions");
        connection.Execute(tables(SqlScripts.Render(SqlScripts.Load("Silver/product_versions.sql"), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source"] = source.Name,
            ["staging"] = staging,
        })));
        progress?.Report("building silver: optional tables");

        var staged = new List<(string Entity, long Rows)>();
        foreach (var table in OptionalTable.All)
        {
            if (!ViewExists(connection, staging, table.Table))
            {
                continue;
            }

            // The first row of each key in file order wins, as for orders, and every other row is reported. Keys given
            // more than once are found by grouping the key alone, so no sort or window runs over a table of millions of
            // sessions (see OptionalTable).
            // A source whose sessions view is a plain read of bronze gives the purchases apart (session_purchases), and
            // the view is read by each step instead of copied: 2.5M sessions written once less at 1M order lines.
            var purchases = table.Table == "sessions" && ViewExists(connection, staging, "session_purchases");
            connection.Execute(tables(table.Sql(source.Name, staging, copy: !purchases)));
            if (table.ChecksScript is { } script)
            {
                SessionAmounts(values, staging, purchases);
                try
                {
                    connection.Execute(tables(SqlScripts.Render(SqlScripts.Load(script), values)));
                }
                catch (DuckDbException) when (purchases)
                {
                    // The script sets the join sides aside for its last insert; a failed run must not leave that behind.
                    TryExecute(connection, KeepJoinSidesEnd);
                    throw;
                }
            }

            // The summary needs only the row count; the copy (the whole table) is released at once.
            staged.Add((table.Entity, connection.Scalar<long>($"SELECT count(*) FROM {(purchases ? $"{staging}.{table.Table}" : table.Copy)}")));
            connection.Execute(table.DropSql);
        }

        if (source.ChecksSql is { } checks)
        {
            progress?.Report("building silver: checks of the source");
            connection.Execute(tables(SqlScripts.Render(checks, new Dictionary<string, string>(StringComparer.Ordinal) { ["source"] = source.Name, ["staging"] = staging })));
        }

        progress?.Report("building silver: quality summary");
        WriteSummary(connection, source, staged, now, tables);
        DropTemporaries(connection);
    }

    /// <summary>The placeholders of Silver/sessions.sql that give a kept session its purchase amount: the row's own, or,
    /// with <paramref name="purchases"/>, the sum of the source's purchases (<c>{staging}.session_purchases</c>: customer,
    /// time, amount) placed by the session's customer from its start to its end (an hour when the duration is unknown or
    /// negative, at most a day), for purchase sessions only.</summary>
    internal static void SessionAmounts(Dictionary<string, string> values, string staging, bool purchases)
    {
        values["session_amounts"] = purchases
            ? $"""
              CREATE OR REPLACE TEMP TABLE p_sessions AS
              SELECT s.session_id, sum(p.amount) AS amount
              FROM u_sessions s
              JOIN {staging}.session_purchases p ON p.customer_id = s.customer_id
               AND p.ordered_at >= s.started_at
               AND p.ordered_at <= s.started_at + to_seconds(CAST(least(coalesce(CASE WHEN s.duration_sec >= 0 THEN s.duration_sec END, 3600), 86400) AS BIGINT))
              WHERE s.purchased
              GROUP BY s.session_id;
              """
            : "";
        values["purchase_amount"] = purchases ? "p.amount" : "s.purchase_amount";
        values["amounts_join"] = purchases ? "LEFT JOIN p_sessions p ON p.session_id = s.session_id" : "";
        values["keep_join_sides"] = purchases ? KeepJoinSidesStart : "";
        values["keep_join_sides_end"] = purchases ? KeepJoinSidesEnd : "";
    }

    /// <summary>
    /// Keeps the join sides as written for the next statements: the left join of every kept session to the purchase
    /// sessions' amounts (1M of 2.5M at 1M order lines, two columns) was planned the other way round, its hash table
    /// built over every session with all eleven columns (about 2 s of a 4.5 s statement in its profile, and the memory
    /// of the whole table, which DuckDB spills at 10M lines).
    /// </summary>
    private const string KeepJoinSidesStart = "SET disabled_optimizers = 'build_side_probe_side';";

    private const string KeepJoinSidesEnd = "RESET disabled_optimizers;";

    private static void TryExecute(DuckDbConnection connection, string sql)
    {
        try
        {
            connection.Execute(sql);
        }
        catch (DuckDbException)
        {
            // Best effort after a failure: the failure itself is the error to report.
        }
    }

    /// <summary>
    /// The query of <c>order_keys</c>: per order id, how many order rows and how many line rows (with a line number) carry
    /// it, kept when either is not 1. With one line per order (<see cref="ISourceAdapter.OneLinePerOrder"/>) every line row
    /// is also its order's row, so one grouping of the lines gives both counts: half the rows of grouping both views.
    /// </summary>
    internal static string OrderKeyCounts(string staging, bool oneLinePerOrder) => oneLinePerOrder
        ? $"""
          SELECT order_id, count(*) AS orders, count(line_number) AS lines
          FROM {staging}.order_lines WHERE order_id IS NOT NULL
          GROUP BY order_id
          HAVING count(*) <> 1 OR count(line_number) <> 1
          """
        : $"""
          SELECT order_id, count(*) FILTER (WHERE is_order) AS orders, count(*) FILTER (WHERE NOT is_order) AS lines
          FROM (SELECT order_id, TRUE AS is_order FROM {staging}.orders WHERE order_id IS NOT NULL
                UNION ALL
                SELECT order_id, FALSE FROM {staging}.order_lines WHERE order_id IS NOT NULL AND line_number IS NOT NULL)
          GROUP BY order_id
          HAVING count(*) FILTER (WHERE is_order) <> 1 OR count(*) FILTER (WHERE NOT is_order) <> 1
          """;

    /// <summary>The source's own customers, then those only other sources know (their earliest registration).</summary>
    private static string KnownCustomers(string source) => $"""
        (SELECT customer_id, registered_at FROM u_customers
         UNION ALL
         SELECT customer_id, min(registered_at) FROM silver.customers
         WHERE source <> {SqlScripts.Literal(source)} AND customer_id NOT IN (SELECT customer_id FROM u_customers WHERE customer_id IS NOT NULL)
         GROUP BY customer_id)
        """;

    private static string KnownProducts(string source) => $"""
        (SELECT product_id FROM u_products
         UNION
         SELECT product_id FROM silver.products WHERE source <> {SqlScripts.Literal(source)})
        """;

    public static string StagingSchema(string source) => "staging_" + source.Replace('-', '_');

    public static SilverCounts Counts(DuckDbConnection connection, string source)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var s = SqlScripts.Literal(source);
        var result = connection.Query(
            $"SELECT (SELECT count(*) FROM silver.customers WHERE source = {s}) AS customers, "
            + $"(SELECT count(*) FROM silver.products WHERE source = {s}) AS products, "
            + $"(SELECT count(*) FROM silver.orders WHERE source = {s}) AS orders, "
            + $"(SELECT count(*) FROM silver.order_lines WHERE source = {s}) AS order_lines, "
            + $"(SELECT count(*) FROM silver.quality_issues WHERE source = {s} AND action = 'quarantined') AS quarantined, "
            + $"(SELECT count(*) FROM silver.sessions WHERE source = {s}) AS sessions, "
            + $"(SELECT count(*) FROM silver.shopper_sessions WHERE source = {s}) AS shopper_sessions;");
        return new SilverCounts(result["customers"].GetInt64(0), result["products"].GetInt64(0), result["orders"].GetInt64(0),
            result["order_lines"].GetInt64(0), result["quarantined"].GetInt64(0))
        {
            Sessions = result["sessions"].GetInt64(0),
            ShopperSessions = result["shopper_sessions"].GetInt64(0),
        };
    }

    /// <summary>
    /// Where a source dates its customers' attributes: its <c>customer_observations</c> view (attributes given on orders,
    /// dated by them), or else each export of its customer file, dated by the ingest that read it.
    /// </summary>
    private static string CustomerObservations(DuckDbConnection connection, string staging)
        => ViewExists(connection, staging, "customer_observations")
            ? staging + ".customer_observations"
            : $"(SELECT *, _ingested_at AS observed_at FROM {staging}.customers)";

    private static string DeduplicationSql(string staging)
    {
        var sql = new StringBuilder();
        foreach (var entity in Deduplication.Core)
        {
            sql.Append(entity.Sql(staging));
        }

        return sql.ToString();
    }

    /// <summary>The resolution's temp objects live as long as the connection; drop them so the memory they hold is freed.</summary>
    private static void DropTemporaries(DuckDbConnection connection)
    {
        var sql = new StringBuilder();
        foreach (var entity in Deduplication.Core)
        {
            sql.Append("DROP VIEW IF EXISTS ").Append(entity.UniqueView).Append("; ");
            foreach (var table in entity.TempTables)
            {
                sql.Append("DROP TABLE IF EXISTS ").Append(table).Append("; ");
            }
        }

        foreach (var table in ResolveTemporaries)
        {
            sql.Append("DROP TABLE IF EXISTS ").Append(table).Append("; ");
        }

        connection.Execute(sql.ToString());
    }

    private static bool ViewExists(DuckDbConnection connection, string schema, string name)
    {
        using var statement = connection.Prepare("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?");
        statement.Bind(1, schema).Bind(2, name);
        return statement.Scalar<long>() > 0;
    }

    /// <summary>The per-check summary; <paramref name="staged"/> holds the rows staged per optional table's entity, counted
    /// on its copy because the staging view may be costly to evaluate again.</summary>
    internal static void WriteSummary(DuckDbConnection connection, ISourceAdapter source, List<(string Entity, long Rows)> staged, DateTime now, Func<string, string>? tables = null)
    {
        var s = SqlScripts.Literal(source.Name);
        var at = SqlScripts.Timestamp(now);
        var staging = StagingSchema(source.Name);
        var entityCounts = new StringBuilder();
        foreach (var (entity, rows) in staged)
        {
            entityCounts.Append(CultureInfo.InvariantCulture, $" UNION ALL SELECT '{entity}', {rows}");
        }

        var sql = new StringBuilder();
        sql.Append($"DELETE FROM silver.quality_summary WHERE source = {s};");
        sql.Append($"""
            INSERT INTO silver.quality_summary
            SELECT i.source, i.check_name, i.entity, count(*), coalesce(any_value(n.rows), 0), i.action, {at}
            FROM silver.quality_issues i
            LEFT JOIN (SELECT 'order' AS entity, count(*) AS rows FROM {staging}.orders
                       UNION ALL SELECT 'order_line', count(*) FROM {staging}.order_lines
                       UNION ALL SELECT 'customer', count(*) FROM {staging}.customers
                       UNION ALL SELECT 'product', count(*) FROM {staging}.products{entityCounts}) n ON n.entity = i.entity
            WHERE i.source = {s}
            GROUP BY i.source, i.check_name, i.entity, i.action;
            """);

        // Missing values are counted on bronze, column by column, as the files gave them.
        foreach (var file in source.Files)
        {
            var table = file.BronzeTable(source.Name);
            var parts = new List<string>();
            foreach (var column in file.Columns)
            {
                var entity = SqlScripts.Literal(file.Key + "." + column.Name);
                parts.Add($"SELECT {s}, 'missing_values', {entity}, count(*) - count({Ingestor.Quote(column.TableColumn)}), count(*), 'kept as NULL', {at} FROM {table}");
            }

            sql.Append("INSERT INTO silver.quality_summary ").Append(string.Join(" UNION ALL ", parts)).Append(';');
        }

        sql.Append($"""
            INSERT INTO silver.quality_summary
            SELECT {s}, 'rejected_rows', r.file_name, count(DISTINCT (r.ingest_id, r.line)), coalesce(any_value(l.rows), 0), 'sent to bronze.rejects', {at}
            FROM bronze.rejects r
            LEFT JOIN (SELECT file_name, sum(rows_loaded + rows_rejected) AS rows FROM bronze.ingest_log WHERE source = {s} GROUP BY file_name) l
                   ON l.file_name = r.file_name
            WHERE r.source = {s}
            GROUP BY r.file_name;
            """);
        connection.Execute(tables is null ? sql.ToString() : tables(sql.ToString()));
    }
}
