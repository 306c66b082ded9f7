using System.Diagnostics;
using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Features.Build.Kernel;
using Patron.Features.Registry;
using Patron.Features.Segments;
using Patron.Warehouse;

namespace Patron.Features.Build;

/// <summary>
/// Builds <c>gold.customer_features</c>, <c>gold.customer_labels</c>, <c>gold.cross_category</c>,
/// <c>gold.rfm_segments</c> and the <c>gold.kpi_*</c> tables for one cutoff; gold changes in one transaction at the end,
/// so a failure leaves gold as it was. Rows of other cutoffs stay, so several cutoffs live side by side.
/// </summary>
/// <remarks>Relational work (selecting the rows before the cutoff, population-wide ranks and rates, labels, KPIs) runs in
/// DuckDB (<c>Sql/*.sql</c>); the per-customer sums, windows and shares run in C# over the streamed rows. The connection
/// must be writable and not be used by another thread during the build.</remarks>
public static partial class FeatureBuilder
{
    /// <summary>Builds everything for one cutoff.</summary>
    /// <remarks>Large shops are built in partitions of customers (by a hash of customer_id), so the rows held at once stay
    /// bounded. For each partition DuckDB selects the rows before the cutoff (order lines joined to their orders, customer
    /// attributes, reviews and sessions summed per customer) and streams them to the feature kernel
    /// (<see cref="CustomerKernel"/>), which computes every per-customer group in one pass and appends the partition's
    /// gold rows chunk by chunk. Population-wide groups (RFM quintiles, co-purchase rates) and the label thresholds run
    /// once in SQL after every partition, and their columns are filled by an update of the rows just written. All of it
    /// happens in one transaction, so a failure at any point leaves gold as it was. KPIs, when asked for, are gathered
    /// before that transaction as partial sums and counts per partition (a customer's orders are all in its partition),
    /// added up once at the end, where the rates are taken from the totals; the funnel reads only events and runs once.
    /// No step reads the whole shop's orders at once.</remarks>
    public static FeatureBuildResult Build(DuckDbConnection connection, FeatureBuildOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var values = FeatureSql.Values(options.Cutoff, options.HorizonDays);
        FeatureBuildResult result;
        WarehouseSchema.Ensure(connection);
        var partitions = options.Partitions ?? AutomaticPartitions(connection, options);
        try
        {
            connection.Execute(RfmMapSql());
            if (options.Kpis)
            {
                GatherKpis(connection, values, partitions, progress);
            }

            var shop = connection.Query(SqlScripts.Render(FeatureSql.Load("shop_has.sql"), values));
            var reviews = shop["has_reviews"].GetBoolean(0);
            var sessions = shop["has_sessions"].GetBoolean(0);
            progress?.Report("reading products");
            var products = ProductTable.Read(connection);
            connection.Execute(PopulationTablesSql);

            using var transaction = connection.BeginTransaction();
            EnsureFeaturesTable(connection);
            connection.Execute($"DELETE FROM gold.customer_features WHERE cutoff = {DateLiteral(options.Cutoff)};");
            for (var partition = 0; partition < partitions; partition++)
            {
                values["in_partition"] = PartitionCondition(partition, partitions);
                var part = partitions == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $"partition {partition + 1}/{partitions}: ");
                progress?.Report(part + "reading rows before the cutoff");
                var rows = PartitionRows.Read(connection, values, products);
                var side = CustomerSide.Read(connection, values, rows, reviews, sessions);
                progress?.Report(part + "computing features");
                var kernel = new CustomerKernel(rows, products, side, options.Cutoff, reviews, sessions);
                kernel.Run();
                progress?.Report(part + "writing the partition's rows");
                AppendPartition(connection, kernel, options.Cutoff);
            }

            foreach (var group in FeatureRegistry.Groups)
            {
                if (group.PopulationWide)
                {
                    Step(connection, group.Script!, values, progress, $"features: {group.Name} (whole population)");
                    connection.Execute(PopulationUpdateSql(group, options.Cutoff));
                }
            }

            Step(connection, "labels.sql", values, progress, $"labels over {options.HorizonDays} days");
            progress?.Report("writing gold tables");
            WriteGold(connection, options);
            result = Summarise(connection, options, partitions, clock);
            transaction.Commit();
        }
        finally
        {
            DropTemporaries(connection);
        }

        return result;
    }

    /// <summary>The KPIs' partial sums, partition by partition, and their totals (<c>kpi_parts.sql</c>, <c>kpi.sql</c>).</summary>
    private static void GatherKpis(DuckDbConnection connection, Dictionary<string, string> values, int partitions, IProgress<string>? progress)
    {
        for (var partition = 0; partition < partitions; partition++)
        {
            values["in_partition"] = PartitionCondition(partition, partitions);
            var part = partitions == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $"partition {partition + 1}/{partitions}: ");
            Step(connection, "base.sql", values, progress, part + "KPIs: selecting rows before the cutoff");
            Step(connection, "kpi_parts.sql", values, progress, part + "KPI partial sums");
            GatherKpiParts(connection, partition);
        }

        Step(connection, "kpi.sql", values, progress, "KPIs");
    }

    /// <summary>One partition per <see cref="FeatureBuildOptions.OrdersPerPartition"/> orders before the cutoff.</summary>
    internal static int AutomaticPartitions(DuckDbConnection connection, FeatureBuildOptions options)
    {
        var orders = connection.Scalar<long>(string.Create(CultureInfo.InvariantCulture,
            $"SELECT count(*) FROM silver.orders WHERE customer_id IS NOT NULL AND ordered_at < DATE '{options.Cutoff:yyyy-MM-dd}'"));
        return (int)Math.Clamp((orders + options.OrdersPerPartition - 1) / options.OrdersPerPartition, 1, 1024);
    }

    /// <summary>The condition on <c>o.customer_id</c> that selects one partition; DuckDB's hash is fixed, so a customer
    /// always falls in the same partition.</summary>
    internal static string PartitionCondition(int partition, int partitions) => partitions == 1
        ? "TRUE"
        : string.Create(CultureInfo.InvariantCulture, $"hash(o.customer_id) % {partitions} = {partition}");

    /// <summary>Builds a training cutoff and a later test cutoff (an out-of-time pair) with the same horizon.</summary>
    public static (FeatureBuildResult Train, FeatureBuildResult Test) BuildOutOfTime(
        DuckDbConnection connection, DateOnly trainCutoff, DateOnly testCutoff, int horizonDays = 90, IProgress<string>? progress = null)
    {
        if (testCutoff <= trainCutoff)
        {
            throw new ArgumentException($"The test cutoff ({testCutoff:yyyy-MM-dd}) must come after the training cutoff ({trainCutoff:yyyy-MM-dd}).");
        }

        var train = Build(connection, new FeatureBuildOptions { Cutoff = trainCutoff, HorizonDays = horizonDays, Kpis = false }, progress);
        var test = Build(connection, new FeatureBuildOptions { Cutoff = testCutoff, HorizonDays = horizonDays }, progress);
        return (train, test);
    }

    private static void Step(DuckDbConnection connection, string script, Dictionary<string, string> values, IProgress<string>? progress, string title)
    {
        progress?.Report(title);
        connection.Execute(SqlScripts.Render(FeatureSql.Load(script), values));
    }

    /// <summary>The 25 (R, FM) cells with their segment, from the C# rule table, so SQL and C# cannot disagree.</summary>
    internal static string RfmMapSql()
    {
        var sql = new StringBuilder("CREATE OR REPLACE TEMP TABLE fx_rfm_map (r BIGINT, fm BIGINT, segment VARCHAR);\nINSERT INTO fx_rfm_map VALUES ");
        for (var r = 1; r <= 5; r++)
        {
            for (var fm = 1; fm <= 5; fm++)
            {
                sql.Append(CultureInfo.InvariantCulture, $"({r}, {fm}, {SqlScripts.Literal(RfmSegments.ClassifyFm(r, fm))})");
                sql.Append(r == 5 && fm == 5 ? ";\n" : ", ");
            }
        }

        return sql.ToString();
    }

    private static FeatureBuildResult Summarise(DuckDbConnection connection, FeatureBuildOptions options, int partitions, Stopwatch clock)
    {
        var stats = connection.Query("""
            SELECT count(*) AS customers,
                   avg(CASE WHEN churn THEN 1.0 ELSE 0.0 END) AS churn,
                   avg(CASE WHEN "repeat" THEN 1.0 ELSE 0.0 END) AS repeat_all,
                   avg(CASE WHEN "repeat" THEN 1.0 ELSE 0.0 END) FILTER (WHERE one_time_buyer) AS repeat_one,
                   quantile_cont(future_spend, 0.75) AS p75,
                   quantile_cont(future_spend, 0.95) AS p95
            FROM fx_labels
            """);
        var last = connection.Scalar<DateTime?>("SELECT max(ordered_at) FROM silver.orders");
        var horizonEnd = options.Cutoff.AddDays(options.HorizonDays).ToDateTime(TimeOnly.MinValue);
        return new FeatureBuildResult
        {
            Cutoff = options.Cutoff,
            HorizonDays = options.HorizonDays,
            Customers = stats["customers"].GetInt64(0),
            Features = FeatureRegistry.All.Count,
            ChurnRate = Nan(stats["churn"]),
            RepeatRate = Nan(stats["repeat_all"]),
            RepeatRateOneTimeBuyers = Nan(stats["repeat_one"]),
            HighValueThreshold = Nan(stats["p75"]),
            Top5Threshold = Nan(stats["p95"]),
            HorizonCovered = last is { } l && l >= horizonEnd.AddDays(-1),
            Partitions = partitions,
            Elapsed = clock.Elapsed,
        };
    }

    private static double Nan(DuckDbColumn column) => column.IsNull(0) ? double.NaN : column.GetDouble(0);

    private static void DropTemporaries(DuckDbConnection connection)
    {
        var temps = connection.Query("SELECT table_name FROM duckdb_tables() WHERE temporary AND (table_name LIKE 'fx\\_%' ESCAPE '\\' OR table_name LIKE 'f\\_%' ESCAPE '\\' OR table_name LIKE 'kx\\_%' ESCAPE '\\')");
        var names = temps["table_name"];
        for (var i = 0; i < names.Length; i++)
        {
            connection.Execute($"DROP TABLE IF EXISTS temp.main.\"{names.GetString(i)}\";");
        }
    }
}
