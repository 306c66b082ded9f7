using System.Diagnostics;
using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Sessions;

/// <summary>
/// Builds the session tables of gold, one row per session: <c>gold.session_features</c> with
/// <c>gold.session_labels</c> from <c>silver.sessions</c> for a window of start times, and
/// <c>gold.shopper_session_features</c> with <c>gold.shopper_session_labels</c> from <c>silver.shopper_sessions</c>.
/// Each build stages its rows in temporary tables and writes gold in one transaction: a failure leaves gold as it was.
/// </summary>
/// <remarks>All relational work runs in DuckDB (<c>Sql/session_*.sql</c>); the connection must be writable and not be
/// used by another thread during the build. Labels are kept in their own tables, never among the features.</remarks>
public static class SessionFeatureBuilder
{
    /// <summary>Gold table of web-session features.</summary>
    public const string FeaturesTable = "session_features";

    /// <summary>Gold table of web-session labels (<c>purchased</c>, <c>purchase_amount</c>).</summary>
    public const string LabelsTable = "session_labels";

    /// <summary>Gold table of shopper-session features.</summary>
    public const string ShopperFeaturesTable = "shopper_session_features";

    /// <summary>Gold table of shopper-session labels (<c>purchased</c>, from <c>revenue</c>).</summary>
    public const string ShopperLabelsTable = "shopper_session_labels";

    private const string LabelsDdl = """
        CREATE TABLE IF NOT EXISTS gold.session_labels (
            session_id VARCHAR NOT NULL USING COMPRESSION fsst,
            started_at TIMESTAMP NOT NULL,
            purchased BOOLEAN NOT NULL,
            purchase_amount DOUBLE);
        """;

    private const string ShopperLabelsDdl = """
        CREATE OR REPLACE TABLE gold.shopper_session_labels (
            session_id VARCHAR NOT NULL,
            month INTEGER,
            purchased BOOLEAN NOT NULL);
        """;

    private static long _lastHistory;

    /// <summary>Rows of the silver table behind <paramref name="kind"/> (web sessions: only those with a start time).</summary>
    public static long CountSilver(DuckDbConnection connection, SessionKind kind)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var table = kind == SessionKind.Web ? "sessions" : "shopper_sessions";
        if (connection.Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'silver' AND table_name = '{table}'") == 0)
        {
            return 0;
        }

        return connection.Scalar<long>(kind == SessionKind.Web
            ? "SELECT count(*) FROM silver.sessions WHERE started_at IS NOT NULL"
            : "SELECT count(*) FROM silver.shopper_sessions");
    }

    /// <summary>Writes the features and labels of the web sessions that started in the window, replacing the rows the
    /// window held before; rows of other windows stay.</summary>
    public static SessionBuildResult Build(DuckDbConnection connection, SessionBuildOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var from = SqlScripts.Timestamp(options.From ?? new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified));
        var to = SqlScripts.Timestamp(options.To);
        var catalog = "sx_kernel_" + Interlocked.Increment(ref _lastHistory).ToString(CultureInfo.InvariantCulture);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["from"] = from,
            ["to"] = to,
            ["history"] = catalog + ".main.history",
        };
        SessionBuildResult result;
        WarehouseSchema.Ensure(connection);
        try
        {
            // The staging tables are built outside the transaction: DuckDB works markedly slower on temporary tables
            // written inside an open one. Gold changes only in the transaction below. The history table lives in a
            // database in memory of its own, which every connection sees: the kernel appends to it from a second
            // connection while the first one streams the timeline from its temporary sessions.
            connection.Execute($"ATTACH ':memory:' AS {catalog} (COMPRESS); CREATE TABLE {catalog}.main.history ({SessionHistoryKernel.TableColumns});");
            RunScript(connection, SqlScripts.Render(SqlScripts.Load(typeof(SessionFeatureBuilder).Assembly, "session_features.sql"), values), progress);
            FillHistory(connection, catalog, values, options, progress);
            result = WriteGold(connection, from, to, clock, progress);
        }
        finally
        {
            DropTemporaries(connection);
            connection.Execute($"DETACH DATABASE IF EXISTS {catalog};");
        }

        return result;
    }

    /// <summary>Runs the session history kernel over the known customers' timelines into the history table: the
    /// purchases are staged once, then the timeline is sorted and read partition by partition of customers.</summary>
    /// <remarks>DuckDB's sort holds every row it sorts in memory: at 10M lines the one sort of the whole timeline (20.0M
    /// sessions of known customers and their purchases) took 2.4 GB of the session gold's 2.5 GiB limit without spilling
    /// and failed (docs/pipeline.md). A partition holds whole customers (by the hash of their id), and the kernel starts
    /// afresh at each customer, so the history is the same for any number of partitions.</remarks>
    private static void FillHistory(DuckDbConnection connection, string catalog, Dictionary<string, string> values, SessionBuildOptions options, IProgress<string>? progress)
    {
        progress?.Report("session features: history of each customer's sessions");
        connection.Execute(SqlScripts.Render(SqlScripts.Load(typeof(SessionFeatureBuilder).Assembly, "session_history_purchases.sql"), values));
        var partitions = options.TimelinePartitions ?? AutomaticPartitions(connection, options);
        using var writer = connection.Database.Connect();
        writer.Execute($"USE {catalog};");
        using var history = writer.CreateChunkAppender("main", "history");
        var template = SqlScripts.Load(typeof(SessionFeatureBuilder).Assembly, "session_timeline.sql");
        for (var partition = 0; partition < partitions; partition++)
        {
            if (partitions > 1)
            {
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"session features: history, partition {partition + 1}/{partitions}"));
            }

            values["in_partition"] = PartitionCondition(partition, partitions);
            using var timeline = connection.QueryStreaming(SqlScripts.Render(template, values));
            SessionHistoryKernel.Run(timeline, history);
        }

        history.Dispose();
        // The history's blocks are compressed when checkpointed (small integers, mostly), so the join that reads them back
        // holds them beside the sessions in a fraction of the memory they took while appended.
        connection.Execute($"CHECKPOINT {catalog};");
    }

    /// <summary>One partition per <see cref="SessionBuildOptions.TimelineBytesPerRow"/> bytes of DuckDB's memory limit per
    /// timeline row (the staged sessions of known customers and the staged purchases).</summary>
    internal static int AutomaticPartitions(DuckDbConnection connection, SessionBuildOptions options)
    {
        var rows = connection.Scalar<long>("SELECT (SELECT count(*) FROM sx_sessions WHERE customer_id IS NOT NULL) + (SELECT count(*) FROM sx_purchases)");
        var limit = MemoryLimitBytes(connection.Scalar<string>("SELECT current_setting('memory_limit')"));
        var perPartition = Math.Max(limit / options.TimelineBytesPerRow, 1);
        return (int)Math.Clamp((rows + perPartition - 1) / perPartition, 1, 1024);
    }

    /// <summary>The condition on <c>customer_id</c> that selects one partition; DuckDB's hash is fixed, so a customer's
    /// sessions and purchases always fall in the same partition.</summary>
    internal static string PartitionCondition(int partition, int partitions) => partitions == 1
        ? "TRUE"
        : string.Create(CultureInfo.InvariantCulture, $"hash(customer_id) % {partitions} = {partition}");

    /// <summary>DuckDB's memory limit as it prints it (<c>2.5 GiB</c>, <c>976.5 MiB</c>, <c>1.0 GB</c>) in bytes;
    /// <see cref="long.MaxValue"/> when it is not a size (no limit).</summary>
    internal static long MemoryLimitBytes(string? setting)
    {
        var text = (setting ?? "").Trim();
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        if (end == 0 || !double.TryParse(text.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return long.MaxValue;
        }

        double unit = text[end..].Trim().ToUpperInvariant() switch
        {
            "" or "B" or "BYTES" => 1,
            "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            "KIB" => 1L << 10,
            "MIB" => 1L << 20,
            "GIB" => 1L << 30,
            "TIB" => 1L << 40,
            _ => double.NaN,
        };
        var bytes = number * unit;
        return double.IsNaN(bytes) || bytes >= long.MaxValue ? long.MaxValue : (long)bytes;
    }

    private static SessionBuildResult WriteGold(DuckDbConnection connection, string from, string to, Stopwatch clock, IProgress<string>? progress)
    {
        SessionBuildResult result;
        using (var transaction = connection.BeginTransaction())
        {
            progress?.Report("writing gold session tables");
            EnsureTable(connection, FeaturesTable, SessionKind.Web);
            connection.Execute(LabelsDdl);
            foreach (var table in new[] { FeaturesTable, LabelsTable })
            {
                // The window's old rows go, and so does any row of a session now staged (its start time may have moved).
                // The window is deleted first by its range alone, so the staged ids are looked up only among the rows
                // outside it; when none is left (a run's window, from the beginning of time, rebuilt over gold of the same
                // or an earlier cutoff), the lookup, a hash of every staged session id, could delete nothing and is skipped.
                connection.Execute($"DELETE FROM gold.{table} WHERE started_at >= {from} AND started_at < {to};");
                if (connection.Scalar<long>($"SELECT count(*) FROM gold.{table}") > 0)
                {
                    connection.Execute($"DELETE FROM gold.{table} WHERE session_id IN (SELECT session_id FROM sx_sessions WHERE started_at >= {from});");
                }
            }

            connection.Execute($"INSERT INTO gold.{FeaturesTable} SELECT session_id, customer_id, started_at, {Columns(SessionKind.Web)} FROM sx_features;");
            connection.Execute($"INSERT INTO gold.{LabelsTable} SELECT session_id, started_at, purchased, purchase_amount FROM sx_labels;");
            // sx_features has one row per staged session of the window (its window keeps each session's own row, and its one
            // join is on the products' unique key), so the counts come from the staged sessions without running it again.
            using (var stats = connection.Query($"""
                SELECT count(*) AS sessions,
                       count(*) FILTER (WHERE purchased) AS purchases,
                       count(*) FILTER (WHERE customer_id IS NOT NULL) AS known
                FROM sx_sessions
                WHERE started_at >= {from}
                """))
            {
                result = new SessionBuildResult
                {
                    Kind = SessionKind.Web,
                    Sessions = stats["sessions"].GetInt64(0),
                    Purchases = stats["purchases"].GetInt64(0),
                    KnownVisitors = stats["known"].GetInt64(0),
                    Undated = connection.Scalar<long>("SELECT count(*) FROM silver.sessions WHERE started_at IS NULL"),
                    Elapsed = clock.Elapsed,
                };
            }

            transaction.Commit();
        }

        return result;
    }

    /// <summary>Replaces the shopper-session tables with every session of <c>silver.shopper_sessions</c>.</summary>
    public static SessionBuildResult BuildShoppers(DuckDbConnection connection, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var clock = Stopwatch.StartNew();
        SessionBuildResult result;
        WarehouseSchema.Ensure(connection);
        using (var transaction = connection.BeginTransaction())
        {
            RunScript(connection, SqlScripts.Load(typeof(SessionFeatureBuilder).Assembly, "session_shoppers.sql"), progress);
            progress?.Report("writing gold shopper-session tables");
            connection.Execute($"DROP TABLE IF EXISTS gold.{ShopperFeaturesTable};");
            connection.Execute(Ddl(ShopperFeaturesTable, SessionKind.Shopper));
            connection.Execute($"INSERT INTO gold.{ShopperFeaturesTable} SELECT session_id, {Columns(SessionKind.Shopper)} FROM sx_shopper_features ORDER BY session_id;");
            connection.Execute(ShopperLabelsDdl);
            connection.Execute($"INSERT INTO gold.{ShopperLabelsTable} SELECT session_id, month, purchased FROM sx_shopper_labels ORDER BY session_id;");
            result = new SessionBuildResult
            {
                Kind = SessionKind.Shopper,
                Sessions = connection.Scalar<long>("SELECT count(*) FROM sx_shopper_labels"),
                Purchases = connection.Scalar<long>("SELECT count(*) FROM sx_shopper_labels WHERE purchased"),
                KnownVisitors = 0,
                Undated = 0,
                Elapsed = clock.Elapsed,
            };
            transaction.Commit();
        }

        DropTemporaries(connection);
        return result;
    }

    /// <summary>The DDL of a session feature table, column for column from the registry.</summary>
    /// <remarks>Like the other gold tables, no primary key is declared: session_id is unique by construction (silver
    /// duplicates are reduced to one row, a window's rows are deleted before they are written again; tested), and an
    /// index would only slow the rewrite of a window.</remarks>
    /// <remarks>The web table names the compression of its text columns, as silver does (<c>ColumnCompression</c>):
    /// DuckDB otherwise analyses each of them with every method before writing, a sixth of writing the table. The methods
    /// are those DuckDB picked itself on the 1M-line shop: FSST for the session id (a value per row), a dictionary for the
    /// customer id and the category features (few values per block). The values stored are the same either way.</remarks>
    internal static string Ddl(string table, SessionKind kind)
    {
        var web = kind == SessionKind.Web;
        var sql = new StringBuilder("CREATE TABLE gold.").Append(table).Append(web ? " (\n    session_id VARCHAR NOT NULL USING COMPRESSION fsst,\n" : " (\n    session_id VARCHAR NOT NULL,\n");
        if (web)
        {
            sql.Append("    customer_id VARCHAR USING COMPRESSION dictionary,\n    started_at TIMESTAMP NOT NULL,\n");
        }

        var features = SessionFeatureRegistry.Of(kind);
        for (var i = 0; i < features.Count; i++)
        {
            var method = web && string.Equals(features[i].SqlType, "VARCHAR", StringComparison.Ordinal) ? " USING COMPRESSION dictionary" : "";
            sql.Append(CultureInfo.InvariantCulture, $"    {features[i].Name} {features[i].SqlType}{method}").Append(i == features.Count - 1 ? ");" : ",\n");
        }

        return sql.ToString();
    }

    /// <summary>The registry's columns, each cast to its storage type, as a select list.</summary>
    private static string Columns(SessionKind kind)
    {
        var parts = new List<string>();
        foreach (var feature in SessionFeatureRegistry.Of(kind))
        {
            parts.Add($"CAST({feature.Name} AS {feature.SqlType}) AS {feature.Name}");
        }

        return string.Join(", ", parts);
    }

    /// <summary>Runs a script statement by statement, naming each staged table in the progress, so a long build shows
    /// where it is.</summary>
    private static void RunScript(DuckDbConnection connection, string script, IProgress<string>? progress)
    {
        const string Marker = "CREATE OR REPLACE TEMP TABLE ";
        foreach (var statement in script.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = statement.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                var name = statement[(at + Marker.Length)..];
                progress?.Report("session features: " + name[..name.IndexOf(' ', StringComparison.Ordinal)]);
            }

            connection.Execute(statement + ";");
        }
    }

    /// <summary>Creates the table, or recreates it when the registry's columns changed (older windows must then be rebuilt).</summary>
    private static void EnsureTable(DuckDbConnection connection, string table, SessionKind kind)
    {
        using var existing = connection.Query(
            $"SELECT column_name FROM duckdb_columns() WHERE schema_name = 'gold' AND table_name = '{table}' AND NOT internal ORDER BY column_index");
        var names = existing["column_name"];
        var features = SessionFeatureRegistry.Of(kind);
        var offset = kind == SessionKind.Web ? 3 : 1;
        if (names.Length > 0)
        {
            var same = names.Length == features.Count + offset;
            for (var i = 0; same && i < features.Count; i++)
            {
                same = string.Equals(names.GetString(i + offset), features[i].Name, StringComparison.Ordinal);
            }

            if (same)
            {
                return;
            }

            connection.Execute($"DROP TABLE gold.{table};");
        }

        connection.Execute(Ddl(table, kind));
    }

    private static void DropTemporaries(DuckDbConnection connection)
    {
        using (var views = connection.Query("SELECT view_name FROM duckdb_views() WHERE temporary AND view_name LIKE 'sx\\_%' ESCAPE '\\'"))
        {
            var viewNames = views["view_name"];
            for (var i = 0; i < viewNames.Length; i++)
            {
                connection.Execute($"DROP VIEW IF EXISTS temp.main.\"{viewNames.GetString(i)}\";");
            }
        }

        using var temps = connection.Query("SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'sx\\_%' ESCAPE '\\'");
        var names = temps["table_name"];
        for (var i = 0; i < names.Length; i++)
        {
            connection.Execute($"DROP TABLE IF EXISTS temp.main.\"{names.GetString(i)}\";");
        }
    }
}
