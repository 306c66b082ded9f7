using System.Text;
using System.Text.RegularExpressions;
using Patron.DuckDb;
using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Silver;

/// <summary>
/// The silver tables a full resolution of one source rewrites, staged under other names (<c>silver.T__next</c>, holding
/// the rows of every other source) while an ingest into an existing warehouse rebuilds that source's rows in them
/// statement by statement, then swapped in by <see cref="Swap"/> inside one short transaction: drop each table, rename
/// its staged copy. Until the swap the warehouse's silver tables are untouched, and a failure drops the staged copies
/// (<see cref="Discard"/>), so silver holds the old rows or the new ones, never a mix. The resolution's SQL is pointed at
/// the staged names by <see cref="Rewrite"/>.
/// </summary>
/// <remarks>Why: DuckDB scans rows written by its open transaction on one thread and committed rows on every thread;
/// inside one transaction the resolution, which reads every bronze row several times, ran on one core
/// (docs/architecture.md, "The ingest's transactions").</remarks>
public sealed class SilverStage
{
    /// <summary>The suffix of a staged table's name.</summary>
    public const string Suffix = "__next";

    /// <summary>The tables every full resolution rewrites for its source (resolve.sql, the version scripts, the summary);
    /// the optional tables are added when the source has their staging view.</summary>
    private static readonly string[] CoreTables =
        ["customers", "customer_versions", "products", "product_versions", "orders", "order_lines", "quality_issues", "quality_summary"];

    private readonly Regex _names;

    private SilverStage(IReadOnlyList<string> tables)
    {
        Tables = tables;
        var names = new StringBuilder();
        foreach (var table in tables)
        {
            names.Append(names.Length == 0 ? "" : "|").Append(Regex.Escape(table));
        }

        _names = new Regex($@"\bsilver\.({names})\b", RegexOptions.CultureInvariant);
    }

    /// <summary>The staged tables, by their silver name.</summary>
    public IReadOnlyList<string> Tables { get; }

    /// <summary>Points <paramref name="sql"/> at the staged tables: <c>silver.orders</c> becomes <c>silver.orders__next</c>
    /// for every staged table; other names (views, tables the resolution does not rewrite) are left as they are.</summary>
    public string Rewrite(string sql) => _names.Replace(sql, match => match.Value + Suffix);

    /// <summary>Stages the tables a full resolution of <paramref name="source"/> rewrites: each created with its table's
    /// definition under the staged name and filled with the rows of every other source. The source's staging views must
    /// exist (they tell which optional tables it fills). Each statement commits on its own.</summary>
    public static SilverStage Begin(DuckDbConnection connection, ISourceAdapter source)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(source);
        var staging = SilverBuilder.StagingSchema(source.Name);
        var tables = new List<string>(CoreTables);
        foreach (var table in OptionalTable.All)
        {
            if (Exists(connection, staging, table.Table))
            {
                tables.Add(table.Table);
            }
        }

        var stage = new SilverStage(tables);
        var s = SqlScripts.Literal(source.Name);
        foreach (var table in tables)
        {
            using var definition = connection.Prepare("SELECT sql FROM duckdb_tables() WHERE schema_name = 'silver' AND table_name = ?");
            definition.Bind(1, table);
            var sql = definition.Scalar<string>() ?? throw new InvalidOperationException($"silver.{table} is not in the warehouse.");
            connection.Execute($"DROP TABLE IF EXISTS silver.{table}{Suffix};");
            connection.Execute(ColumnCompression.Apply(stage.Rewrite(sql)));
            connection.Execute($"INSERT INTO silver.{table}{Suffix} SELECT * FROM silver.{table} WHERE source <> {s};");
        }

        return stage;
    }

    /// <summary>Replaces each silver table by its staged copy (drop, then rename): to be run inside the caller's
    /// transaction, which makes the swap all or nothing. Nothing is copied: the swap costs a few catalog entries.</summary>
    public void Swap(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var sql = new StringBuilder();
        foreach (var table in Tables)
        {
            sql.Append("DROP TABLE silver.").Append(table).Append("; ALTER TABLE silver.").Append(table).Append(Suffix)
               .Append(" RENAME TO ").Append(table).Append(';');
        }

        connection.Execute(sql.ToString());
    }

    /// <summary>Drops every staged table in the warehouse (a failed ingest's, or a killed one's left behind).</summary>
    public static void Discard(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var sql = new StringBuilder();
        using (var staged = connection.Query($"SELECT table_name FROM duckdb_tables() WHERE schema_name = 'silver' AND suffix(table_name, '{Suffix}')"))
        {
            var names = staged["table_name"];
            for (var i = 0; i < staged.RowCount; i++)
            {
                sql.Append("DROP TABLE IF EXISTS silver.").Append(names.GetString(i)).Append(';');
            }
        }

        if (sql.Length > 0)
        {
            connection.Execute(sql.ToString());
        }
    }

    private static bool Exists(DuckDbConnection connection, string schema, string name)
    {
        using var statement = connection.Prepare("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?");
        statement.Bind(1, schema).Bind(2, name);
        return statement.Scalar<long>() > 0;
    }
}
