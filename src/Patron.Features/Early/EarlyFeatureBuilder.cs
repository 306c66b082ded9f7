using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Early;

/// <summary>
/// Builds <c>gold.early_features</c> and <c>gold.early_labels</c> for one cutoff and horizon: the customers whose first
/// purchase lies in the 30 days before the cutoff, described by those days alone, and whether each ends up in the top
/// 5 % (and top 25 %) of spend over the horizon, measured against every customer who had bought before the cutoff.
/// </summary>
/// <remarks>Relational work in DuckDB (<c>Sql/early_features.sql</c>, <c>Sql/labels.sql</c>, <c>Sql/early_labels.sql</c>);
/// staged in temporary tables, then one transaction replaces the cutoff's rows (the labels': the cutoff's and
/// horizon's), so a failure leaves gold as it was and several cutoffs live side by side. The connection must be
/// writable.</remarks>
public static class EarlyFeatureBuilder
{
    /// <summary>Builds the cohort's features and labels at <paramref name="cutoff"/> over <paramref name="horizonDays"/>.</summary>
    public static EarlyBuildResult Build(DuckDbConnection connection, DateOnly cutoff, int horizonDays, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizonDays, 3660);
        WarehouseSchema.Ensure(connection);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cutoff"] = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["horizon"] = horizonDays.ToString(CultureInfo.InvariantCulture),
            ["window"] = EarlyFeatureRegistry.WindowDays.ToString(CultureInfo.InvariantCulture),
        };
        var date = "DATE '" + values["cutoff"] + "'";
        try
        {
            progress?.Report($"early high value: customers new in the {EarlyFeatureRegistry.WindowDays} days before {values["cutoff"]}");
            Run(connection, "early_features.sql", values);
            connection.Execute($"""
                CREATE OR REPLACE TEMP TABLE fx_population AS
                SELECT customer_id, count(*) AS orders
                FROM silver.orders
                WHERE customer_id IS NOT NULL AND is_purchase AND ordered_at < {date}
                GROUP BY customer_id;
                """);
            progress?.Report($"early high value: labels over {horizonDays} days");
            Run(connection, "labels.sql", values);
            Run(connection, "early_labels.sql", values);

            using var transaction = connection.BeginTransaction();
            connection.Execute(FeaturesDdl());
            connection.Execute(LabelsDdl);
            connection.Execute($"DELETE FROM gold.{EarlyTables.Features} WHERE cutoff = {date};");
            connection.Execute($"INSERT INTO gold.{EarlyTables.Features} BY NAME SELECT * FROM fe_features;");
            connection.Execute(string.Create(CultureInfo.InvariantCulture,
                $"DELETE FROM gold.{EarlyTables.Labels} WHERE cutoff = {date} AND horizon_days = {horizonDays};"));
            connection.Execute($"INSERT INTO gold.{EarlyTables.Labels} BY NAME SELECT * FROM fe_labels;");
            using var counts = connection.Query("SELECT count(*) AS n, count(*) FILTER (WHERE top5) AS top5, count(*) FILTER (WHERE top25) AS top25 FROM fe_labels");
            var result = new EarlyBuildResult(cutoff, horizonDays, counts["n"].GetInt64(0), counts["top5"].GetInt64(0), counts["top25"].GetInt64(0));
            transaction.Commit();
            return result;
        }
        finally
        {
            foreach (var table in new[] { "fe_features", "fe_labels", "fx_population", "fx_labels" })
            {
                connection.Execute($"DROP TABLE IF EXISTS temp.main.{table};");
            }
        }
    }

    /// <summary>How many cohort customers <c>gold.early_features</c> holds at <paramref name="cutoff"/> (0 when the table
    /// does not exist).</summary>
    public static long CountAt(DuckDbConnection connection, DateOnly cutoff)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var exists = connection.Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold' AND table_name = '{EarlyTables.Features}'") > 0;
        return exists
            ? connection.Scalar<long>(string.Create(CultureInfo.InvariantCulture, $"SELECT count(*) FROM gold.{EarlyTables.Features} WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}'"))
            : 0;
    }

    /// <summary>Whether both early tables exist (they do once any cutoff was built, even one without new customers).</summary>
    public static bool HasTables(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Scalar<long>(
            $"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold' AND table_name IN ('{EarlyTables.Features}', '{EarlyTables.Labels}')") == 2;
    }

    private const string LabelsDdl = $"""
        CREATE TABLE IF NOT EXISTS gold.{EarlyTables.Labels} (
            customer_id VARCHAR NOT NULL,
            cutoff DATE NOT NULL,
            horizon_days INTEGER NOT NULL,
            future_spend DOUBLE NOT NULL,
            top5 BOOLEAN NOT NULL,
            top25 BOOLEAN NOT NULL);
        """;

    internal static string FeaturesDdl()
    {
        var sql = new StringBuilder($"CREATE TABLE IF NOT EXISTS gold.{EarlyTables.Features} (\n    customer_id VARCHAR NOT NULL,\n    cutoff DATE NOT NULL");
        foreach (var feature in EarlyFeatureRegistry.All)
        {
            sql.Append(CultureInfo.InvariantCulture, $",\n    {feature.Name} {feature.SqlType}");
        }

        return sql.Append(");").ToString();
    }

    private static void Run(DuckDbConnection connection, string script, Dictionary<string, string> values) =>
        connection.Execute(SqlScripts.Render(SqlScripts.Load(typeof(EarlyFeatureBuilder).Assembly, script), values));
}
