using System.Diagnostics;
using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Build.Kernel;
using Patron.Features.Registry;
using Patron.Warehouse;

namespace Patron.Features.Build;

/// <summary>
/// Builds <c>gold.customer_features</c>, <c>gold.customer_labels</c>, <c>gold.cross_category</c>,
/// <c>gold.rfm_segments</c> and the <c>gold.kpi_*</c> tables for one cutoff; gold changes in one transaction at the end,
/// so a failure leaves gold as it was. Rows of other cutoffs stay, so several cutoffs live side by side.
/// </summary>
/// <remarks>Relational work (selecting, joining and sorting the rows before the cutoff, labels, KPIs) runs in DuckDB
/// (<c>Sql/*.sql</c>); the per-customer sums, windows and shares and the population-wide ranks and rates run in C#
/// (<c>Build/Kernel</c>). The connection must be writable and not be used by another thread during the build; the build
/// opens a second connection to the same database for the side stream.</remarks>
public static partial class FeatureBuilder
{
    /// <summary>Builds everything for one cutoff.</summary>
    /// <remarks>DuckDB streams the shop's rows before the cutoff once, sorted by customer (order lines joined to their
    /// orders and products), beside one row per customer of attributes, reviews and sessions read on a second
    /// connection; the feature kernel (<see cref="CustomerKernel"/>) computes every per-customer group customer by customer
    /// and parks the finished rows in a scratch file, keeping only a few bytes per customer for the population-wide groups.
    /// Those (RFM quintiles, co-purchase rates and next category) are then worked out in C#, and the labels in SQL. At the
    /// end one transaction deletes the cutoff's old rows and inserts the new ones, which DuckDB reads from the scratch file
    /// with all its threads (<see cref="GoldRowSource"/>), with labels, co-purchase rates and segments: a failure at any
    /// point leaves gold as it was. KPIs, when asked for, are gathered first as partial sums and counts per partition of
    /// customers (<see cref="FeatureBuildOptions.Partitions"/>), added up once, where the rates are taken from the
    /// totals. Memory stays bounded by DuckDB's limit plus a batch of rows and a few bytes a customer.</remarks>
    public static FeatureBuildResult Build(DuckDbConnection connection, FeatureBuildOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var values = options.ScriptValues();
        FeatureBuildResult result;
        WarehouseSchema.Ensure(connection);
        var partitions = options.Kpis ? options.Partitions ?? AutomaticPartitions(connection, options) : 1;
        try
        {
            if (options.Kpis)
            {
                GatherKpis(connection, values, partitions, progress);
            }

            var shop = connection.Query(SqlScripts.Render(SqlScripts.Load(typeof(FeatureBuilder).Assembly, "shop_has.sql"), values));
            var reviews = shop["has_reviews"].GetBoolean(0);
            var sessions = shop["has_sessions"].GetBoolean(0);
            progress?.Report("reading products");
            var products = ProductTable.Read(connection, options.Cutoff);
            var categories = new TextCodes(products.CategoryNames);

            using var spill = new FeatureSpill(ScratchDirectory(connection));
            progress?.Report("features: selecting and sorting the rows before the cutoff");
            SideStream side;
            CustomerKernel kernel;
            using (var sideConnection = connection.Database.Connect())
            {
                // The side stream's reader and connection close as soon as the pass is over; its value tables stay.
                side = new SideStream(sideConnection.QueryStreaming(SqlScripts.Render(SqlScripts.Load(typeof(FeatureBuilder).Assembly, "customer_side.sql"), values)));
                using (side)
                using (var rows = connection.QueryStreaming(SqlScripts.Render(SqlScripts.Load(typeof(FeatureBuilder).Assembly, "customer_rows.sql"), values)))
                {
                    kernel = new CustomerKernel(products, side, spill, options.Cutoff, reviews, sessions, progress);
                    kernel.Run(rows);
                }
            }

            var population = kernel.Population;
            progress?.Report($"features: RFM and co-purchase over {population.Count:N0} customers");
            var rfm = RfmScores.Compute(population);
            var coPurchase = CoPurchase.Compute(population, products.CategoryNames.Length);
            using (var scope = connection.Scan(new PopulationRowSource(population)))
            {
                connection.Execute($"CREATE OR REPLACE TEMP TABLE fx_population AS SELECT * FROM {scope.Sql};");
            }

            WriteCrossCategory(connection, coPurchase, products, options.Cutoff);
            Step(connection, "labels.sql", values, progress, $"labels over {options.HorizonDays} days");

            progress?.Report("writing gold tables");
            using var gold = connection.Scan(new GoldRowSource(spill, population, rfm, coPurchase, options.Cutoff, categories, side));
            using var transaction = connection.BeginTransaction();
            EnsureFeaturesTable(connection);
            connection.Execute($"DELETE FROM gold.customer_features WHERE cutoff = {DateLiteral(options.Cutoff)};");
            var insert = $"INSERT INTO gold.customer_features SELECT * FROM {gold.Sql};";
            if (options.InCustomerOrder)
            {
                // The spill's blocks are in customer order (the kernel's); kept as they come, they need no sort to export.
                InsertionOrder.Kept(connection, () => connection.Execute(insert));
            }
            else
            {
                connection.Execute(insert);
            }

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

    /// <summary>Where the kernel's scratch file goes: beside the warehouse file, or the system's temporary folder for a
    /// database in memory.</summary>
    private static string ScratchDirectory(DuckDbConnection connection)
    {
        var path = connection.Database.Path;
        return string.Equals(path, DuckDbDatabase.InMemoryPath, StringComparison.Ordinal) || string.IsNullOrEmpty(path)
            ? Path.GetTempPath()
            : Path.GetDirectoryName(Path.GetFullPath(path)) ?? Path.GetTempPath();
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
        DropKpiInputs(connection);
    }

    /// <summary>One KPI partition per <see cref="FeatureBuildOptions.OrdersPerPartition"/> orders before the cutoff.</summary>
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
        connection.Execute(SqlScripts.Render(SqlScripts.Load(typeof(FeatureBuilder).Assembly, script), values));
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
