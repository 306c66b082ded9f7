using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Features.Build.Kernel;
using Patron.Features.Registry;
using Patron.Features.Segments;
using Patron.Warehouse;

namespace Patron.Features.Build;

public static partial class FeatureBuilder
{
    private const string LabelsDdl = """
        CREATE TABLE IF NOT EXISTS gold.customer_labels (
            customer_id VARCHAR NOT NULL,
            cutoff DATE NOT NULL,
            horizon_days INTEGER NOT NULL,
            churn BOOLEAN NOT NULL,
            "repeat" BOOLEAN NOT NULL,
            one_time_buyer BOOLEAN NOT NULL,
            future_orders BIGINT NOT NULL,
            future_spend DOUBLE NOT NULL,
            high_value BOOLEAN NOT NULL,
            top5 BOOLEAN NOT NULL);
        """;

    private const string CrossCategoryDdl = """
        CREATE TABLE IF NOT EXISTS gold.cross_category (
            cutoff DATE NOT NULL,
            category_a VARCHAR NOT NULL,
            category_b VARCHAR NOT NULL,
            customers_a BIGINT NOT NULL,
            customers_ab BIGINT NOT NULL,
            probability DOUBLE NOT NULL);
        """;

    /// <summary>The DDL of <c>gold.customer_features</c>, column for column from the registry.</summary>
    /// <remarks>Gold tables declare no primary key: (customer_id, cutoff) is unique by construction (one row per customer of
    /// fx_customers, a cutoff's rows are deleted before they are written again; tested), and DuckDB's index on 80-column rows
    /// made a rebuild of an existing cutoff ten times slower than the build itself.</remarks>
    /// <remarks>The text columns name their compression, as silver's do: the customer id, a value per row, FSST; the
    /// category features (RFM cell and segment, favourite and next category, the attributes' bands and classes), a
    /// handful of values per block, dictionaries, the methods DuckDB chose itself on the 1M-line shop. Left to choose, DuckDB
    /// analyses every method on every block: copying that shop's 609,713 rows of three cutoffs took 4.5-4.9 CPU s against
    /// 4.2-4.6 named (docs/pipeline.md). The values stored are the same.</remarks>
    internal static string FeaturesDdl()
    {
        var sql = new StringBuilder("CREATE TABLE gold.customer_features (\n    customer_id VARCHAR NOT NULL USING COMPRESSION fsst,\n    cutoff DATE NOT NULL,\n");
        foreach (var feature in FeatureRegistry.All)
        {
            var method = string.Equals(feature.SqlType, "VARCHAR", StringComparison.Ordinal) ? " USING COMPRESSION dictionary" : "";
            sql.Append(CultureInfo.InvariantCulture, $"    {feature.Name} {feature.SqlType}{method},\n");
        }

        sql.Length -= 2;
        return sql.Append(");").ToString();
    }

    /// <summary>Stages the co-purchase rates in <c>fx_cross_category</c> (name order of A, then B), for
    /// <see cref="WriteGold"/> to copy inside the gold transaction.</summary>
    private static void WriteCrossCategory(DuckDbConnection connection, CoPurchase coPurchase, ProductTable products, DateOnly cutoff)
    {
        connection.Execute("""
            CREATE OR REPLACE TEMP TABLE fx_cross_category (
                cutoff DATE, category_a VARCHAR, category_b VARCHAR, customers_a BIGINT, customers_ab BIGINT, probability DOUBLE);
            """);
        var day = cutoff.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        using var appender = connection.CreateChunkAppender("", "fx_cross_category");
        var filled = 0;
        foreach (var pair in coPurchase.Pairs)
        {
            appender.Dates(0)[filled] = day;
            appender.SetString(1, filled, products.CategoryNames[pair.A]);
            appender.SetString(2, filled, products.CategoryNames[pair.B]);
            appender.Int64s(3)[filled] = pair.CustomersA;
            appender.Int64s(4)[filled] = pair.CustomersBoth;
            appender.Doubles(5)[filled] = pair.Probability;
            if (++filled == appender.ChunkCapacity)
            {
                appender.AppendChunk(filled);
                filled = 0;
            }
        }

        appender.AppendChunk(filled);
    }

    private static string DateLiteral(DateOnly date) => "DATE '" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";

    private static void WriteGold(DuckDbConnection connection, FeatureBuildOptions options)
    {
        var cutoff = DateLiteral(options.Cutoff);

        EnsureTable(connection, "customer_labels", LabelsDdl);
        connection.Execute(string.Create(CultureInfo.InvariantCulture,
            $"DELETE FROM gold.customer_labels WHERE cutoff = {cutoff} AND horizon_days = {options.HorizonDays};"));
        connection.Execute("INSERT INTO gold.customer_labels SELECT * FROM fx_labels;");

        EnsureTable(connection, "cross_category", CrossCategoryDdl);
        connection.Execute($"DELETE FROM gold.cross_category WHERE cutoff = {cutoff};");
        connection.Execute("INSERT INTO gold.cross_category SELECT * FROM fx_cross_category;");

        connection.Execute(RfmSegmentsTableSql());
        if (options.Kpis)
        {
            foreach (var (gold, temp) in GoldTables.Kpis)
            {
                connection.Execute($"CREATE OR REPLACE TABLE gold.{gold} AS SELECT {cutoff} AS as_of, * FROM {temp} ORDER BY ALL;");
            }
        }
    }

    /// <summary>Creates the table, or recreates it when the registry's columns changed (older cutoffs must then be rebuilt).</summary>
    private static void EnsureFeaturesTable(DuckDbConnection connection)
    {
        var existing = connection.Query(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'gold' AND table_name = 'customer_features' AND NOT internal ORDER BY column_index");
        var names = existing["column_name"];
        if (names.Length > 0)
        {
            var same = names.Length == FeatureRegistry.All.Count + 2;
            for (var i = 0; same && i < FeatureRegistry.All.Count; i++)
            {
                same = string.Equals(names.GetString(i + 2), FeatureRegistry.All[i].Name, StringComparison.Ordinal);
            }

            if (same)
            {
                EnsureTable(connection, "customer_features", FeaturesDdl());
                return;
            }

            connection.Execute("DROP TABLE gold.customer_features;");
        }

        connection.Execute(FeaturesDdl());
    }

    /// <summary>Creates a gold table, or rewrites one made by an earlier version with a primary key into the keyless shape,
    /// keeping its rows.</summary>
    private static void EnsureTable(DuckDbConnection connection, string table, string ddl)
    {
        var keyed = connection.Scalar<long>(
            $"SELECT count(*) FROM duckdb_constraints() WHERE schema_name = 'gold' AND table_name = '{table}' AND constraint_type = 'PRIMARY KEY'") > 0;
        if (!keyed)
        {
            connection.Execute(ddl.Replace("CREATE TABLE gold.", "CREATE TABLE IF NOT EXISTS gold.", StringComparison.Ordinal));
            return;
        }

        connection.Execute($"ALTER TABLE gold.{table} RENAME TO {table}_keyed;");
        connection.Execute(ddl.Replace("CREATE TABLE IF NOT EXISTS gold.", "CREATE TABLE gold.", StringComparison.Ordinal));
        connection.Execute($"INSERT INTO gold.{table} SELECT * FROM gold.{table}_keyed; DROP TABLE gold.{table}_keyed;");
    }

    private static string RfmSegmentsTableSql()
    {
        var sql = new StringBuilder("CREATE OR REPLACE TABLE gold.rfm_segments (rank INTEGER, segment VARCHAR, meaning VARCHAR, action VARCHAR, cells VARCHAR);\nINSERT INTO gold.rfm_segments VALUES ");
        for (var i = 0; i < RfmSegments.All.Count; i++)
        {
            var segment = RfmSegments.All[i];
            sql.Append(CultureInfo.InvariantCulture, $"({i + 1}, {SqlScripts.Literal(segment.Name)}, {SqlScripts.Literal(segment.Meaning)}, {SqlScripts.Literal(segment.Action)}, {SqlScripts.Literal(RulesOf(segment.Name))})");
            sql.Append(i == RfmSegments.All.Count - 1 ? ";" : ", ");
        }

        return sql.ToString();
    }

    internal static string RulesOf(string segment)
    {
        var parts = new List<string>();
        foreach (var rule in RfmSegments.Rules)
        {
            if (string.Equals(rule.Segment, segment, StringComparison.Ordinal))
            {
                parts.Add(rule.Describe());
            }
        }

        return string.Join("; ", parts);
    }
}
