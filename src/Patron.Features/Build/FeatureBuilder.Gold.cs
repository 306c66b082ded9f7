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
    internal static string FeaturesDdl()
    {
        var sql = new StringBuilder("CREATE TABLE gold.customer_features (\n    customer_id VARCHAR NOT NULL,\n    cutoff DATE NOT NULL,\n");
        foreach (var feature in FeatureRegistry.All)
        {
            sql.Append(CultureInfo.InvariantCulture, $"    {feature.Name} {feature.SqlType},\n");
        }

        sql.Length -= 2;
        return sql.Append(");").ToString();
    }

    /// <summary>What the partitions leave for the population-wide steps: every customer's RFM inputs (read by
    /// <c>rfm.sql</c> and <c>labels.sql</c>) and the categories each bought (read by <c>cross_category.sql</c>).</summary>
    private const string PopulationTablesSql = """
        CREATE OR REPLACE TEMP TABLE fx_behaviour_all (customer_id VARCHAR, days_since_last_order BIGINT, orders BIGINT, net_revenue DOUBLE);
        CREATE OR REPLACE TEMP TABLE fx_customer_categories (customer_id VARCHAR, category VARCHAR);
        """;

    /// <summary>Appends the partition's gold rows and its share of the population tables.</summary>
    private static void AppendPartition(DuckDbConnection connection, CustomerKernel kernel, DateOnly cutoff)
    {
        var features = kernel.Features;
        using (var gold = connection.CreateChunkAppender("gold", "customer_features"))
        {
            features.AppendTo(gold, cutoff);
        }

        using (var behaviour = connection.CreateChunkAppender("", "fx_behaviour_all"))
        {
            var capacity = behaviour.ChunkCapacity;
            for (var start = 0; start < features.Rows; start += capacity)
            {
                var count = Math.Min(capacity, features.Rows - start);
                var recency = behaviour.Int64s(1);
                var frequency = behaviour.Int64s(2);
                var monetary = behaviour.Doubles(3);
                for (var r = 0; r < count; r++)
                {
                    behaviour.SetString(0, r, features.CustomerIds[start + r]);
                    (recency[r], frequency[r], monetary[r]) = kernel.RfmInputs[start + r];
                }

                behaviour.AppendChunk(count);
            }
        }

        using var categories = connection.CreateChunkAppender("", "fx_customer_categories");
        var filled = 0;
        for (var row = 0; row < features.Rows; row++)
        {
            foreach (var category in kernel.Categories[row])
            {
                categories.SetString(0, filled, features.CustomerIds[row]);
                categories.SetString(1, filled, category);
                if (++filled == categories.ChunkCapacity)
                {
                    categories.AppendChunk(filled);
                    filled = 0;
                }
            }
        }

        categories.AppendChunk(filled);
    }

    /// <summary>Fills a population-wide group's columns of the cutoff's rows from the group's table. The rows were written
    /// in this transaction, so DuckDB updates them in place before they are ever committed.</summary>
    internal static string PopulationUpdateSql(FeatureGroup group, DateOnly cutoff)
    {
        var sql = new StringBuilder("UPDATE gold.customer_features g SET ");
        var first = true;
        foreach (var feature in FeatureRegistry.InGroup(group.Name))
        {
            sql.Append(first ? "" : ", ").Append(feature.Name).Append(" = CAST(t.").Append(feature.Name).Append(" AS ").Append(feature.SqlType).Append(')');
            first = false;
        }

        return sql.Append(" FROM ").Append(group.Table).Append(" t WHERE g.cutoff = ").Append(DateLiteral(cutoff))
            .Append(" AND g.customer_id = t.customer_id;").ToString();
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
        connection.Execute("INSERT INTO gold.cross_category SELECT * EXCLUDE (preference) FROM fx_cross_category ORDER BY category_a, category_b;");

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
