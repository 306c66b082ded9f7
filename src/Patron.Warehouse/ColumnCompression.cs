using System.Text.RegularExpressions;

namespace Patron.Warehouse;

/// <summary>
/// The compression each large text column of bronze and silver is stored with, named in its table's definition so that
/// DuckDB does not try every method on every value. Left to choose, DuckDB analyses each text column with each method
/// (dictionary and FSST) before compressing it, and that analysis was a fifth of writing a table: copying the 1M-line
/// shop's 2,475,127 silver sessions cost 3.2–3.3 CPU s, 2.5 with the methods named here, for the same blocks
/// (docs/pipeline.md). Only columns whose best method is known whatever the source are named:
/// <list type="bullet">
/// <item>the lineage columns <c>source</c> and <c>_source_file</c>: one value per source or file, so a dictionary of one
/// or a few entries, which DuckDB chose anyway;</item>
/// <item>the row keys of the large tables (a session's, an order's, a customer's id): a value per row, which no dictionary
/// fits, so FSST, or stored as they are where FSST does not pay. In bronze, the columns a source declares as its files'
/// row keys (<see cref="Sources.SourceColumn.RowKey"/>).</item>
/// <item>the canonical columns of silver that hold a handful of values whatever the source (an order's status and
/// payment method): dictionaries, which DuckDB chose anyway in every segment of the 1M and 10M shops' warehouses. In
/// bronze, the columns a source declares as holding a handful of values (<see cref="Sources.SourceColumn.FewValues"/>:
/// the generic transactions' payment method, the column silver's payment method is read from).</item>
/// </list>
/// Every other column keeps DuckDB's own choice. The values stored are the same either way; only their encoding is.
/// </summary>
/// <remarks>DuckDB keeps a column's method in its catalog but leaves it out of the table's SQL in <c>duckdb_tables()</c>,
/// so a table re-created from that SQL (<see cref="Silver.SilverStage"/>) gets the methods back from <see cref="Apply"/>.</remarks>
public static partial class ColumnCompression
{
    /// <summary>Row keys stored with FSST, by table (schema and name).</summary>
    private static readonly Dictionary<string, string[]> Keys = new(StringComparer.Ordinal)
    {
        ["silver.customers"] = ["customer_id"],
        ["silver.customer_versions"] = ["customer_id"],
        ["silver.orders"] = ["order_id"],
        ["silver.sessions"] = ["session_id"],
        ["silver.shopper_sessions"] = ["session_id"],
    };

    /// <summary>Columns of a handful of values stored as dictionaries, by table (schema and name). Naming them saves
    /// DuckDB's analysis of FSST on every segment: writing the 1M shop's 1,020,098 silver orders took 1.09, 1.17 and 1.08
    /// CPU s without, 1.01, 1.08 and 1.01 with (docs/pipeline.md).</summary>
    private static readonly Dictionary<string, string[]> Dictionaries = new(StringComparer.Ordinal)
    {
        ["silver.orders"] = ["status", "payment_method"],
    };

    /// <summary>Adds the methods to every <c>CREATE TABLE</c> of a bronze or silver table in <paramref name="sql"/> (one
    /// statement or a script of several): the lineage columns of either layer, and the keys and dictionaries listed above.</summary>
    public static string Apply(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return CreateTable().Replace(sql, create =>
        {
            var schema = create.Groups["schema"].Value;
            if (schema is not ("bronze" or "silver"))
            {
                return create.Value;
            }

            var body = create.Groups["body"].Value;
            body = Method(body, "_source_file", "dictionary");
            if (schema == "silver")
            {
                body = Method(body, "source", "dictionary");
            }

            var table = schema + "." + StagedName(create.Groups["table"].Value);
            if (Keys.TryGetValue(table, out var keys))
            {
                foreach (var key in keys)
                {
                    body = Method(body, key, "fsst");
                }
            }

            if (Dictionaries.TryGetValue(table, out var columns))
            {
                foreach (var column in columns)
                {
                    body = Method(body, column, "dictionary");
                }
            }

            return create.Value[..(create.Groups["body"].Index - create.Index)] + body
                + create.Value[(create.Groups["body"].Index - create.Index + create.Groups["body"].Length)..];
        });
    }

    /// <summary>A staged table (<c>T__next</c>) has its table's methods.</summary>
    private static string StagedName(string table)
        => table.EndsWith(Silver.SilverStage.Suffix, StringComparison.Ordinal) ? table[..^Silver.SilverStage.Suffix.Length] : table;

    /// <summary>Names <paramref name="method"/> on the VARCHAR column <paramref name="column"/> of a table's column list,
    /// unless it names one already.</summary>
    private static string Method(string body, string column, string method)
        => Regex.Replace(body, $@"(?<=^|[(,])(?<definition>\s*""?{Regex.Escape(column)}""?\s+VARCHAR\b(?:(?!USING COMPRESSION)[^,)])*)(?=[,)]|$)",
            match => match.Groups["definition"].Value.TrimEnd() + " USING COMPRESSION " + method
                + match.Groups["definition"].Value[match.Groups["definition"].Value.TrimEnd().Length..],
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    [GeneratedRegex(@"CREATE TABLE (?:IF NOT EXISTS )?(?<schema>\w+)\.(?<table>\w+)\s*\((?<body>.*?)\);", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CreateTable();
}
