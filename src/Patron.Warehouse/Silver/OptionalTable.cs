using System.Text;

namespace Patron.Warehouse.Silver;

/// <summary>
/// A table a source may provide beyond the core four: how its staging rows are checked and deduplicated before they
/// reach silver. Like the core entities, a row without its key is quarantined (<c>missing_key</c>), copies of a row are
/// dropped (<c>exact_duplicates</c>) and other contents under a key already given are quarantined
/// (<c>business_key_duplicates</c>); the first row of a key in file order (earlier ingests first) is the one kept.
/// </summary>
/// <remarks>
/// The staging view is read once, into the temp copy <c>o_{Table}</c>: a view may be costly (the generic source's
/// sessions sum the orders placed during each purchase session), and everything after it (the missing keys, the
/// <see cref="Deduplication"/> block over the copy, the table's checks, its silver rows and the summary's row count)
/// reads the copy. DuckDB spills the copy to disk under its memory limit like any other temp table. A view that is a
/// plain read of bronze is read directly by each step instead (the generic source's sessions, whose purchase amounts
/// come apart from its session_purchases view and are summed once in Silver/sessions.sql). Keys given more than
/// once are found by one grouping of the key columns and only their rows are numbered, so no window runs over the whole
/// table; only events, which have no key, are numbered by one window over all their rows.
/// </remarks>
/// <param name="Table">The silver table, and the staging view of the same name.</param>
/// <param name="Key">The columns that identify a row; empty when a row is only its content (events), so that two rows
/// are either copies of each other or two different rows.</param>
/// <param name="Content">The other columns, compared to tell a copy from a new version (or, without a key, from another row).</param>
/// <param name="Required">Columns a row cannot be stored without: the key, or the NOT NULL columns of a table without one.</param>
/// <param name="ChecksScript">The table's own shared checks under <c>Sql/</c>, which also write its silver rows from
/// <c>u_{Table}</c> (their findings in the temp table <c>f_{Table}</c>); null writes the deduplicated rows as they are.</param>
/// <param name="Time">The column dating a row, or null: of a key given more than once the earliest version is kept (then
/// the first in file order), so a later-dated row reusing the key cannot displace what an earlier cutoff saw.</param>
internal sealed record OptionalTable(string Table, string[] Key, string[] Content, string[] Required, string? ChecksScript = null, string? Time = null)
{
    /// <summary>Every optional table, in the order the builder resolves them.</summary>
    public static readonly OptionalTable[] All =
    [
        new("payments", ["order_id", "sequence"], ["payment_type", "installments", "amount"], ["order_id", "sequence"]),
        new("reviews", ["review_id", "order_id"], ["customer_id", "score", "has_comment", "created_at", "answered_at"], ["review_id", "order_id"],
            Time: "created_at"),
        new("sessions", ["session_id"],
            ["customer_id", "started_at", "duration_sec", "page_views", "product_id", "purchased", "purchase_amount"], ["session_id"],
            ChecksScript: "Silver/sessions.sql", Time: "started_at"),

        // Two events of one session at the same time and of the same type may still differ in their product.
        new("events", [], ["session_id", "customer_id", "occurred_at", "event_type", "product_id"], ["session_id", "occurred_at", "event_type"]),
        new("shopper_sessions", ["session_id"],
            ["administrative_pages", "administrative_duration_sec", "informational_pages", "informational_duration_sec", "product_pages",
             "product_duration_sec", "bounce_rate", "exit_rate", "page_value", "special_day", "month", "operating_system", "browser",
             "region", "traffic_type", "visitor_type", "is_weekend", "revenue"], ["session_id"]),
    ];

    /// <summary>The entity named in the quality tables: the table in the singular (<c>shopper_sessions</c> -> <c>shopper_session</c>).</summary>
    public string Entity => Table[..^1];

    /// <summary>The temp copy of the staging view.</summary>
    public string Copy => "o_" + Table;

    /// <summary>The view of one row per key (per distinct content without a key), before the table's checks.</summary>
    public string UniqueView => "u_" + Table;

    /// <summary>Drops the temp objects of <see cref="Sql"/> (and of the checks script), freeing the copy's memory.</summary>
    public string DropSql
    {
        get
        {
            var sql = new StringBuilder();
            sql.Append("DROP VIEW IF EXISTS ").Append(UniqueView).Append("; DROP TABLE IF EXISTS ").Append(Copy).Append("; ");
            foreach (var table in Key.Length == 0 ? ["d_" + Table] : Deduplication(Copy).TempTables)
            {
                sql.Append("DROP TABLE IF EXISTS ").Append(table).Append("; ");
            }

            if (ChecksScript is not null)
            {
                sql.Append("DROP TABLE IF EXISTS f_").Append(Table).Append("; DROP TABLE IF EXISTS p_").Append(Table).Append("; ");
            }

            return sql.ToString();
        }
    }

    /// <summary>The deduplication block of a table with a key, read from <paramref name="relation"/>.</summary>
    private Deduplication Deduplication(string relation) => new(Table, Table, Key, Content, LatestExportWins: false)
    {
        Relation = relation,
        Time = Time is null ? null : "v." + Time,
    };

    /// <summary>
    /// The SQL that copies the staging view, reports rows without their key and repeated rows in
    /// <c>silver.quality_issues</c>, and leaves the view <see cref="UniqueView"/>; then, without
    /// <see cref="ChecksScript"/>, rewrites the source's silver rows from it.
    /// </summary>
    /// <param name="source">The source's name.</param>
    /// <param name="staging">The source's staging schema.</param>
    /// <param name="copy">Whether the staging view is read once into the copy <see cref="Copy"/> (a costly view), or read
    /// directly by every step (a plain read of bronze, cheaper to read again than to copy).</param>
    public string Sql(string source, string staging, bool copy = true)
    {
        var relation = copy ? Copy : $"{staging}.{Table}";
        var s = SqlScripts.Literal(source);
        var text = Entity.Replace('_', ' ');
        var identity = Key.Length == 0 ? Required : Key;
        var keyText = identity.Length == 1 ? identity[0] : $"concat_ws('#', {string.Join(", ", identity)})";
        var missing = string.Join(" OR ", Required.Select(c => c + " IS NULL"));
        var present = string.Join(" AND ", Required.Select(c => c + " IS NOT NULL"));
        var sql = new StringBuilder();
        sql.Append($"""

            -- {Table}: {(copy ? "the staging view read once" : "the staging view, a plain read of bronze")}; rows without their key set aside.
            {(copy ? $"CREATE OR REPLACE TEMP TABLE {Copy} AS SELECT * FROM {staging}.{Table};" : "")}

            INSERT INTO silver.quality_issues
            SELECT {s}, 'missing_key', '{Entity}', NULL, 'quarantined', '{text} without its key ({string.Join(", ", Required)})', _source_file, _row_number
            FROM {relation} WHERE {missing};

            """);
        if (Key.Length == 0)
        {
            // Without a key a repeated row can only be a copy: one window over the rows, numbering identical contents.
            sql.Append($"""
                CREATE OR REPLACE TEMP TABLE d_{Table} AS
                SELECT *, row_number() OVER (PARTITION BY {string.Join(", ", Content)} ORDER BY _ingested_at, _source_file, _row_number) AS copy_no
                FROM {relation} WHERE {present};

                CREATE OR REPLACE TEMP VIEW {UniqueView} AS SELECT * EXCLUDE (copy_no) FROM d_{Table} WHERE copy_no = 1;

                """);
        }
        else
        {
            sql.Append(Deduplication(relation).Sql(staging));
        }

        sql.Append($"""
            INSERT INTO silver.quality_issues
            SELECT {s}, 'exact_duplicates', '{Entity}', {keyText}, 'dropped', 'copy ' || copy_no || ' of {text} ' || {keyText}, _source_file, _row_number
            FROM d_{Table} WHERE copy_no > 1;

            """);
        if (Key.Length > 0)
        {
            sql.Append($"""
                INSERT INTO silver.quality_issues
                SELECT {s}, 'business_key_duplicates', '{Entity}', {keyText}, 'quarantined',
                       '{text} ' || {keyText} || ' reused with different content; the first version is kept', _source_file, _row_number
                FROM d_{Table} WHERE copy_no = 1 AND version_no > 1;

                """);
        }

        if (ChecksScript is null)
        {
            sql.Append($"""
                DELETE FROM silver.{Table} WHERE source = {s};
                INSERT INTO silver.{Table} SELECT * EXCLUDE (_row_number) FROM {UniqueView};

                """);
        }

        return sql.ToString();
    }
}
