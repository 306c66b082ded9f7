using System.Text;
using Patron.DuckDb;
using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Silver;

public sealed partial class SilverBuilder
{
    /// <summary>Temp tables of the incremental resolution (append_*.sql) beyond the deduplication blocks'.</summary>
    private static readonly string[] AppendTemporaries =
        ["n_keys", "s_orders", "s_lines", "o_keys", "n_customers", "n_known_customers", "f_orders", "q_orders", "n_products",
         "priced", "price_flags", "judged_prices", "price_outliers", "f_lines", "q_lines", "q_emptied_orders"];

    /// <summary>
    /// Resolves only the rows one ingest just landed in bronze (<paramref name="ingestedAt"/>, from
    /// <paramref name="files"/>) of a source that extends the warehouse, appending their silver rows and findings, when
    /// that gives exactly what <see cref="Build"/> would: the batch brings orders and lines only, and nothing it brings
    /// changes how an earlier row resolved. Returns false, having changed nothing in silver, otherwise; the caller then
    /// runs <see cref="Build"/>.
    /// </summary>
    /// <remarks>
    /// An earlier row's resolution changes when the batch gives a new winning row (or a line that is not an exact copy)
    /// under an order id earlier batches gave, brings customers, products or rows of an optional table, moves the price
    /// judgement of an earlier line of one of its products, dates a purchase before the source's own registration of
    /// its customer, or when an earlier order was set aside for a time after its check time (which may have passed).
    /// What the batch reads is its own rows, the stored rows of its order ids, of its customer and product ids, and the
    /// earlier lines of its products: not the shop. Runs inside the caller's transaction; <paramref name="progress"/> hears
    /// each step as it starts.
    /// </remarks>
    public bool TryAppend(DuckDbConnection connection, ISourceAdapter source, DateTime now, DateTime ingestedAt, IReadOnlyList<string> files, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(files);
        if (!source.ExtendsWarehouse || files.Count == 0)
        {
            return false;
        }

        var staging = StagingSchema(source.Name);
        var values = PolicyValues(source, now);
        var batch = BatchCondition(ingestedAt, files);
        values["batch"] = batch;
        values["emptied_scope"] = "o._new";
        AddSharedChecks(values);
        progress?.Report("silver kinds of rows");
        if (!OrdersOnly(connection, source.Name, staging, batch))
        {
            return false;
        }

        // On an error the transaction is lost and the caller's rollback drops the temp objects too.
        values["dedup"] = AppendDeduplicationSql(staging);
        progress?.Report("silver scope");
        connection.Execute(SqlScripts.Render(SqlScripts.Load("Silver/append_scope.sql"), values));
        var appended = !connection.Scalar<bool>(EarlierKeysMoved);
        if (appended)
        {
            progress?.Report("silver checks");
            ExecuteJudgingPrices(connection, SqlScripts.Render(SqlScripts.Load("Silver/append_checks.sql"), values));
            appended = !connection.Scalar<bool>(SqlScripts.Render(EarlierJudgementsMoved, values));
        }

        if (appended)
        {
            progress?.Report("silver write");
            connection.Execute(SqlScripts.Render(SqlScripts.Load("Silver/append_write.sql"), values));
            progress?.Report("silver summary");
            WriteSummary(connection, source, StagedCounts(connection, staging), now);
        }

        progress?.Report("silver drop temporaries");
        DropAppendTemporaries(connection);
        return appended;
    }

    /// <summary>A new winning row under an order id given before, or a new line there that is not an exact copy.</summary>
    private const string EarlierKeysMoved = """
        SELECT EXISTS (SELECT 1 FROM u_orders u SEMI JOIN o_keys k ON k.order_id = u.order_id WHERE u._new)
            OR EXISTS (SELECT 1 FROM u_lines u SEMI JOIN o_keys k ON k.order_id = u.order_id WHERE u._new)
            OR EXISTS (SELECT 1 FROM s_lines l
                       SEMI JOIN o_keys k ON k.order_id = l.order_id
                       ANTI JOIN (SELECT _source_file, _row_number FROM d_lines WHERE _new AND copy_no > 1) c
                              ON c._source_file = l._source_file AND c._row_number = l._row_number
                       WHERE l._new AND l.line_number IS NOT NULL)
        """;

    /// <summary>An earlier line's price judgement that the batch's lines move, or a purchase dated before the source's
    /// own registration of its customer (whose finding names the customer's first purchase).</summary>
    private const string EarlierJudgementsMoved = """
        SELECT EXISTS (SELECT 1 FROM judged_prices j
                       LEFT JOIN (SELECT _source_file, _row_number FROM silver.quality_issues
                                  WHERE source = '{source}' AND check_name = 'price_outliers') i
                              ON i._source_file = j._source_file AND i._row_number = j._row_number
                       WHERE NOT j._new AND j.flagged <> (i._source_file IS NOT NULL))
            OR EXISTS (SELECT 1 FROM f_orders f
                       SEMI JOIN (SELECT customer_id FROM silver.customers WHERE source = '{source}') c ON c.customer_id = f.customer_id
                       WHERE f.f_before_registration)
        """;

    /// <summary>Whether the batch holds orders and lines only, and no earlier order waits for its time to come.</summary>
    private static bool OrdersOnly(DuckDbConnection connection, string source, string staging, string batch)
    {
        var sql = new StringBuilder();
        sql.Append("SELECT EXISTS (SELECT 1 FROM silver.quality_issues WHERE source = ").Append(SqlScripts.Literal(source))
           .Append(" AND check_name = 'future_timestamps')");
        sql.Append(" OR EXISTS (SELECT 1 FROM ").Append(staging).Append(".customers WHERE ").Append(batch).Append(')');
        sql.Append(" OR EXISTS (SELECT 1 FROM ").Append(staging).Append(".products WHERE ").Append(batch).Append(')');
        foreach (var table in OptionalTable.All)
        {
            if (ViewExists(connection, staging, table.Table))
            {
                sql.Append(" OR EXISTS (SELECT 1 FROM ").Append(staging).Append('.').Append(table.Table).Append(" WHERE ").Append(batch).Append(')');
            }
        }

        return !connection.Scalar<bool>(sql.ToString());
    }

    /// <summary>The summary's row counts of the optional tables, as <see cref="Build"/> counts them on their copies.</summary>
    private static List<(string Entity, long Rows)> StagedCounts(DuckDbConnection connection, string staging)
    {
        var staged = new List<(string Entity, long Rows)>();
        foreach (var table in OptionalTable.All)
        {
            if (ViewExists(connection, staging, table.Table))
            {
                staged.Add((table.Entity, connection.Scalar<long>($"SELECT count(*) FROM {staging}.{table.Table}")));
            }
        }

        return staged;
    }

    private static string BatchCondition(DateTime ingestedAt, IReadOnlyList<string> files)
    {
        var list = new StringBuilder();
        foreach (var file in files)
        {
            list.Append(list.Length == 0 ? "" : ", ").Append(SqlScripts.Literal(file));
        }

        return $"(_ingested_at = {SqlScripts.Timestamp(ingestedAt)} AND _source_file IN ({list}))";
    }

    /// <summary>The order and line blocks of the resolution over the batch's order ids (stored and new rows).</summary>
    private static string AppendDeduplicationSql(string staging)
    {
        var sql = new StringBuilder();
        sql.Append((Deduplication.Core[0] with { Relation = "s_orders", RepeatedKeys = null }).Sql(staging));
        sql.Append((Deduplication.Core[1] with { Relation = "s_lines", RepeatedKeys = null }).Sql(staging));
        return sql.ToString();
    }

    private static void DropAppendTemporaries(DuckDbConnection connection)
    {
        var sql = new StringBuilder();
        for (var i = 0; i < 2; i++)
        {
            var entity = Deduplication.Core[i];
            sql.Append("DROP VIEW IF EXISTS ").Append(entity.UniqueView).Append("; ");
            foreach (var table in entity.TempTables)
            {
                sql.Append("DROP TABLE IF EXISTS ").Append(table).Append("; ");
            }
        }

        foreach (var table in AppendTemporaries)
        {
            sql.Append("DROP TABLE IF EXISTS ").Append(table).Append("; ");
        }

        connection.Execute(sql.ToString());
    }
}
