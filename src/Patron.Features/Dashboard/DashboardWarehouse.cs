using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Dashboard;

/// <summary>What the dashboard reads: the warehouse's tables, and the served run's predictions.csv loaded as a typed
/// table into an in-memory catalog of the same DuckDB instance (the customer download reads the file itself). Pages open a
/// <see cref="DashboardQueries"/> per request with <see cref="Connect"/>.</summary>
/// <remarks>
/// Two ways to reach the warehouse: <see cref="Share"/> uses the DuckDB instance that already has the file open for
/// writing in this process (the server's live events), so pages see each committed event and no second instance ever
/// opens the same file; <see cref="Open"/> attaches the file read-only to a private in-memory instance, for a process in
/// which nothing writes it. Thread-safe for <see cref="Connect"/>: each connection is used by one request. Disposing
/// while requests still read is safe: the predictions catalog goes when the last of their connections closes.
/// </remarks>
public sealed class DashboardWarehouse : IDisposable
{
    private const string Alias = "patron_warehouse";

    /// <summary>Typed columns of the predictions table: name and SQL type; absent ones are NULL.</summary>
    private static readonly (string Name, string Type)[] PredictionColumns =
    [
        ("customer_id", "VARCHAR"), ("segment", "VARCHAR"), ("recommended_action", "VARCHAR"),
        ("churn_probability", "DOUBLE"), ("churn_risk_band", "VARCHAR"), ("repeat_probability", "DOUBLE"),
        ("high_value_probability", "DOUBLE"), ("predicted_clv", "DOUBLE"), ("predicted_clv_lower", "DOUBLE"),
        ("predicted_clv_upper", "DOUBLE"), ("p_alive", "DOUBLE"), ("expected_purchases", "DOUBLE"),
        ("reason_1", "VARCHAR"), ("reason_2", "VARCHAR"), ("reason_3", "VARCHAR"),
    ];

    private readonly DuckDbDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly string? _use;
    private readonly Dictionary<string, string> _names;
    private readonly ConcurrentDictionary<string, string> _sql = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Lock _refreshing = new();
    private DateTime _watermark;
    private int _leases;
    private bool _disposed;

    /// <summary>The prefix of the dashboard's tables stored in the warehouse by <see cref="Store"/>.</summary>
    private const string StoredPrefix = "gold.dashboard_";

    /// <summary>The version of the tables' shapes (tables.sql) in the stamp: raised whenever a table is added or changed,
    /// so that a server does not read tables stored by a build that made others (it builds them instead).</summary>
    internal const string TablesVersion = "tables 3; ";

    /// <summary>The step of <see cref="Store"/>'s timings that loaded the predictions from the Parquet file.</summary>
    public const string PredictionsFromParquet = "predictions loaded from predictions.parquet";

    /// <summary>The prefix under which <see cref="Store"/> builds the tables before they replace the stored ones.</summary>
    private const string StagedName = "staged_dashboard_";

    private DashboardWarehouse(DuckDbDatabase database, bool ownsDatabase, string path, string? catalog, string? use, string? tables = null)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        _use = use;
        Path = path;
        _catalog = catalog;
        Tables = tables ?? (catalog is null ? StoredPrefix : catalog + ".");
        _names = new Dictionary<string, string>(StringComparer.Ordinal) { ["dash"] = Tables };
    }

    /// <summary>The in-memory catalog holding the run's tables when they were built on opening; null when the ones the
    /// pipeline stored in the warehouse are read.</summary>
    private readonly string? _catalog;

    /// <summary>The warehouse file.</summary>
    public string Path { get; }

    /// <summary>The prefix of the run's tables (the <c>{dash}</c> of the dashboard's SQL): an in-memory catalog's name
    /// and a dot, or the stored tables' schema and name prefix.</summary>
    public string Tables { get; }

    /// <summary>Whether the tables the pipeline stored in the warehouse (<see cref="Store"/>) are read, because their
    /// stamp matched the warehouse and the predictions; false when they were built on opening.</summary>
    public bool Stored => _catalog is null;

    /// <summary>Whether the warehouse is read through a writer's instance (<see cref="Share"/>).</summary>
    public bool Shared => !_ownsDatabase;

    /// <summary>How long each statement building the dashboard's tables took when the run was opened, and the process's
    /// CPU time meanwhile (with statements running side by side, theirs overlap).</summary>
    public IReadOnlyList<(string Step, TimeSpan Took, TimeSpan Cpu)> BuildTimings { get; private set; } = [];

    /// <summary>The columns of the run's predictions.csv, in its order (empty without the file).</summary>
    public IReadOnlyList<string> PredictionFileColumns { get; private set; } = [];

    /// <summary>The run's predictions.csv, which the customer download reads (null without the file).</summary>
    internal string? PredictionsFile { get; private set; }

    /// <summary>The predictions file's length and write time when the tables were built or read (<see cref="Fingerprint"/>).</summary>
    private string? _predictionsStamp;

    /// <summary>Whether the run's predictions.csv is no longer the file these tables were made from: it was deleted or
    /// written again (a new run into the same folder) since. The customer download reads the file itself, so it would
    /// then mix another run's rows with these tables' customers.</summary>
    public bool PredictionsFileChanged => PredictionsFile is { } file && Fingerprint(file) != _predictionsStamp;

    /// <summary>Attaches <paramref name="warehouse"/> read-only to a private in-memory instance and loads
    /// <paramref name="predictionsCsv"/> (when the file exists). Only for a process in which nothing writes the file: use
    /// <see cref="Share"/> otherwise.</summary>
    /// <exception cref="FileNotFoundException">The warehouse file does not exist.</exception>
    /// <param name="warehouse">The warehouse file.</param>
    /// <param name="predictionsCsv">The run's predictions.csv, or null.</param>
    /// <param name="config">The instance's settings.</param>
    /// <param name="beforeBuild">Called before the tables are built, only when the stored ones do not apply.</param>
    public static DashboardWarehouse Open(string warehouse, string? predictionsCsv, DuckDbConfig? config = null, Action? beforeBuild = null)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        if (!File.Exists(warehouse))
        {
            throw new FileNotFoundException($"The warehouse {warehouse} does not exist.", warehouse);
        }

        var database = DuckDbDatabase.Open(DuckDbDatabase.InMemoryPath, config);
        try
        {
            using var connection = database.Connect();
            connection.Execute($"ATTACH {SqlScripts.Literal(warehouse)} AS {Alias} (READ_ONLY)");
            connection.Execute($"USE {Alias}");
            if (StoredFor(connection, predictionsCsv) is { } stamp)
            {
                return new DashboardWarehouse(database, ownsDatabase: true, warehouse, null, Alias).Reuse(connection, stamp, predictionsCsv);
            }

            beforeBuild?.Invoke();
            var opened = new DashboardWarehouse(database, ownsDatabase: true, warehouse, "memory", Alias);
            opened.Load(connection, predictionsCsv);
            opened.Build(connection);
            return opened;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Reads the warehouse through <paramref name="writer"/>, the instance that has <paramref name="warehouse"/>
    /// open in this process, and loads <paramref name="predictionsCsv"/> (when the file exists) into a new in-memory
    /// catalog of that instance. Disposing detaches the catalog; the instance stays the writer's.</summary>
    /// <remarks>When the tables the pipeline stored match the warehouse and the predictions they are read (and kept up
    /// to date by <see cref="Refresh"/>, stamp included); otherwise they are built in the new catalog, after
    /// <paramref name="beforeBuild"/>.</remarks>
    public static DashboardWarehouse Share(DuckDbDatabase writer, string warehouse, string? predictionsCsv, Action? beforeBuild = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(warehouse);
        using var connection = writer.Connect();
        if (StoredFor(connection, predictionsCsv) is { } stamp)
        {
            return new DashboardWarehouse(writer, ownsDatabase: false, warehouse, null, use: null).Reuse(connection, stamp, predictionsCsv);
        }

        beforeBuild?.Invoke();
        var catalog = "patron_dash_" + Guid.NewGuid().ToString("N")[..12];
        connection.Execute($"ATTACH ':memory:' AS {catalog}");
        try
        {
            var opened = new DashboardWarehouse(writer, ownsDatabase: false, warehouse, catalog, use: null);
            opened.Load(connection, predictionsCsv);
            opened.Build(connection);
            return opened;
        }
        catch
        {
            connection.Execute($"DETACH DATABASE IF EXISTS {catalog}");
            throw;
        }
    }

    /// <summary>Builds the dashboard's tables for <paramref name="predictionsCsv"/>'s run into gold (replacing those
    /// stored before) through <paramref name="connection"/>, a writable connection to the warehouse, stamped with the
    /// warehouse's latest ingest time and the predictions file's length and write time: a server opening this warehouse and run reads them
    /// instead of building its own while the stamp matches. Returns each building statement's time.</summary>
    /// <remarks>The tables are built under other names (<c>gold.staged_dashboard_*</c>), each statement committed on its
    /// own, on two connections of the same database (see <see cref="BuildBeside"/>: the predictions beside the orders'
    /// totals, then people and cells, then the visit tables and the orders' sums beside the other tables that follow
    /// from the orders); then one short transaction drops the stored tables, renames the
    /// new ones and writes the stamp, so a reader sees the old tables (or none) until the new ones and their stamp
    /// commit. Staged tables left by a store that did not finish are dropped first. With <paramref name="beside"/>
    /// false every statement runs on <paramref name="connection"/> in turn, so that each one's CPU time is its own (the
    /// benches' measure; the tables are the same). <paramref name="predictionsParquet"/>, when given, is the same
    /// predictions as <paramref name="predictionsCsv"/> written as Parquet by the same run (the models stage writes both
    /// from the same arrays): the typed table is then read from it, which saves parsing the CSV's text (the values are the
    /// same: the CSV holds each number in its shortest round-trip form, and both leave NaN and empty text empty), as long
    /// as it has the CSV's columns in the CSV's order; otherwise the CSV is read. The stamp and the file's columns are
    /// still the CSV's.</remarks>
    public static IReadOnlyList<(string Step, TimeSpan Took, TimeSpan Cpu)> Store(DuckDbConnection connection, string? predictionsCsv, bool beside = true, string? predictionsParquet = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var digest = Fingerprint(predictionsCsv);
        connection.Execute("CREATE SCHEMA IF NOT EXISTS gold");
        foreach (var table in GoldTables(connection, StagedName))
        {
            connection.Execute($"DROP TABLE gold.\"{table}\"");
        }

        var staged = new DashboardWarehouse(null!, ownsDatabase: false, "", null, null, "gold." + StagedName);
        staged.BuildBeside(connection, predictionsCsv, predictionsParquet, beside);

        using var transaction = connection.BeginTransaction();
        foreach (var table in StoredTables(connection))
        {
            connection.Execute($"DROP TABLE gold.\"{table}\"");
        }

        foreach (var table in GoldTables(connection, StagedName))
        {
            connection.Execute($"ALTER TABLE gold.\"{table}\" RENAME TO \"dashboard_{table[StagedName.Length..]}\"");
        }

        connection.Execute($"CREATE TABLE {StoredPrefix}stamp (watermark TIMESTAMP, predictions VARCHAR)");
        connection.ExecuteNonQuery($"INSERT INTO {StoredPrefix}stamp VALUES ($1, $2)", staged._watermark, digest);
        transaction.Commit();
        return staged.BuildTimings;
    }

    /// <summary>Whether the warehouse holds dashboard tables stored for <paramref name="predictionsCsv"/> whose stamp
    /// matches the warehouse's rows (the pipeline's stage is then fresh).</summary>
    public static bool IsStored(DuckDbConnection connection, string? predictionsCsv)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return StoredFor(connection, predictionsCsv) is not null;
    }

    /// <summary>The stamp's watermark when the stored tables were built from the warehouse's rows as they are and from
    /// <paramref name="predictionsCsv"/>; null otherwise (none stored, rows ingested since, another run).</summary>
    private static DateTime? StoredFor(DuckDbConnection connection, string? predictionsCsv)
    {
        if (!StoredTables(connection).Contains("dashboard_stamp"))
        {
            return null;
        }

        using var stamp = connection.Query($"SELECT watermark, predictions FROM {StoredPrefix}stamp");
        if (stamp.RowCount != 1 || stamp["predictions"].IsNull(0))
        {
            return null;
        }

        var watermark = stamp["watermark"].IsNull(0) ? DateTime.MinValue : (DateTime)stamp["watermark"].GetValue(0)!;
        var current = connection.Scalar<DateTime?>(SqlScripts.Render(DashboardQueries.Load("watermark.sql"), new Dictionary<string, string>(StringComparer.Ordinal))) ?? DateTime.MinValue;
        return watermark == current && stamp["predictions"].GetString(0) == Fingerprint(predictionsCsv) ? watermark : null;
    }

    /// <summary>The dashboard tables stored in the current catalog's gold schema.</summary>
    private static List<string> StoredTables(DuckDbConnection connection) => GoldTables(connection, "dashboard_");

    /// <summary>The tables of the current catalog's gold schema whose names start with <paramref name="prefix"/>.</summary>
    private static List<string> GoldTables(DuckDbConnection connection, string prefix)
    {
        using var tables = connection.Query(
            $"SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'gold' AND starts_with(table_name, {SqlScripts.Literal(prefix)}) ORDER BY 1");
        var names = new List<string>((int)tables.RowCount);
        for (var r = 0; r < (int)tables.RowCount; r++)
        {
            names.Add(tables[0].GetString(r));
        }

        return names;
    }

    /// <summary>What the stamp records of the predictions file: its length and last write time (UTC), or <c>none</c>
    /// without one. A run that writes predictions.csv again changes both (its time at least), so the stored tables no
    /// longer match; reading the file to hash it would cost every server start a pass over it (1.1 GB at 2.1M
    /// customers).</summary>
    /// <remarks>Prefixed by <see cref="TablesVersion"/>: tables stored by a build with other tables are not read.</remarks>
    internal static string Fingerprint(string? predictionsCsv)
    {
        if (predictionsCsv is null || !File.Exists(predictionsCsv))
        {
            return TablesVersion + "none";
        }

        var file = new FileInfo(predictionsCsv);
        return string.Create(CultureInfo.InvariantCulture, $"{TablesVersion}{file.Length} bytes, written {file.LastWriteTimeUtc:O}");
    }

    /// <summary>Reads the stored tables: the predictions file's columns as the store read them (the stamp says the file
    /// is the one they were stored from), the stamp's watermark.</summary>
    private DashboardWarehouse Reuse(DuckDbConnection connection, DateTime watermark, string? predictionsCsv)
    {
        _watermark = watermark;
        if (predictionsCsv is not null && File.Exists(predictionsCsv))
        {
            // As the store read them (reading the file's head again would cost every start DuckDB's sniffing of it).
            var file = new List<string>();
            using (var columns = connection.Query($"SELECT name FROM {Tables}dash_prediction_columns ORDER BY pos"))
            {
                for (var i = 0; i < (int)columns.RowCount; i++)
                {
                    file.Add(columns[0].GetString(i));
                }
            }

            PredictionFileColumns = file;
            PredictionsFile = file.Count > 0 ? predictionsCsv : null;
            _predictionsStamp = Fingerprint(predictionsCsv);
        }

        return this;
    }

    /// <summary>A connection for one request, reading the warehouse's tables by their schema names.</summary>
    /// <exception cref="ObjectDisposedException">The warehouse was replaced (the run changed) and disposed.</exception>
    public DashboardQueries Connect()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _leases++;
        }

        DuckDbConnection? connection = null;
        try
        {
            connection = _database.Connect();
            if (_use is not null)
            {
                connection.Execute($"USE {_use}");
            }

            return new DashboardQueries(connection, this);
        }
        catch
        {
            connection?.Dispose();
            Release();
            throw;
        }
    }

    /// <summary>Brings the dashboard's tables up to date with rows ingested since they were built (the customers those
    /// rows touch are rebuilt in one transaction, so a page reads either the old or the new rows of a customer).</summary>
    /// <returns>The customers rebuilt.</returns>
    public long Refresh()
    {
        lock (_refreshing)
        {
            using var queries = Connect();
            var connection = queries.Connection;
            var watermark = Watermark(connection);
            using var transaction = connection.BeginTransaction();
            connection.ExecuteNonQuery(Sql("refresh.sql"), _watermark);
            connection.ExecuteNonQuery(Sql("refresh_days.sql"), _watermark);

            // The cells whose per-cell rows are replaced: those the touched customers are in now, and (added after the
            // fill) those they are in afterwards.
            connection.Execute($"CREATE OR REPLACE TEMP TABLE dash_cells AS SELECT DISTINCT cell FROM {Tables}people WHERE customer_id IN (SELECT customer_id FROM dash_touched)");
            var touched = connection.Scalar<long>("SELECT count(*) FROM dash_touched");
            if (touched > 0 || connection.Scalar<long>("SELECT count(*) FROM dash_days") > 0)
            {
                connection.Execute(Sql("forget.sql"));
                connection.Execute(Fill("o.customer_id IN (SELECT customer_id FROM dash_touched)", "coalesce(c.customer_id, p.customer_id) IN (SELECT customer_id FROM dash_touched)"));
                connection.Execute($"INSERT INTO dash_days SELECT DISTINCT day FROM {Tables}orders WHERE customer_id IN (SELECT customer_id FROM dash_touched)");
                connection.Execute($"INSERT INTO dash_cells SELECT DISTINCT cell FROM {Tables}people WHERE customer_id IN (SELECT customer_id FROM dash_touched)");
                connection.Execute(Sums(
                    "day IN (SELECT day FROM dash_days)",
                    "month IN (SELECT DISTINCT CAST(date_trunc('month', day) AS DATE) FROM dash_days)",
                    "cell IN (SELECT cell FROM dash_cells)"));
            }

            connection.Execute("DROP TABLE dash_touched");
            connection.Execute("DROP TABLE dash_days");
            connection.Execute("DROP TABLE dash_cells");
            if (Stored)
            {
                // The stored tables stay true to the warehouse, so the next start reads them too.
                connection.ExecuteNonQuery($"UPDATE {StoredPrefix}stamp SET watermark = $1", watermark);
            }

            transaction.Commit();
            _watermark = watermark;
            return touched;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_leases > 0)
            {
                return;
            }
        }

        Close();
    }

    /// <summary>A dashboard query with <c>{dash}</c> replaced by this warehouse's catalog.</summary>
    internal string Sql(string file) => _sql.GetOrAdd(file, static (name, names) => SqlScripts.Render(DashboardQueries.Load(name), names), _names);

    /// <summary>Called when a request's connection closes.</summary>
    internal void Release()
    {
        lock (_gate)
        {
            _leases--;
            if (!_disposed || _leases > 0)
            {
                return;
            }
        }

        Close();
    }

    private void Close()
    {
        if (_ownsDatabase)
        {
            _database.Dispose();
            return;
        }

        if (_catalog is null)
        {
            return;
        }

        try
        {
            using var connection = _database.Connect();
            connection.Execute($"DETACH DATABASE IF EXISTS {_catalog}");
        }
        catch (Exception ex) when (ex is DuckDbException or ObjectDisposedException)
        {
            // The writer's instance closed first (the server is stopping): the in-memory catalog went with it.
        }
    }

    /// <summary>The dashboard's tables (tables.sql) filled for every customer, and the ingest time they are current to.</summary>
    private void Build(DuckDbConnection connection)
    {
        _watermark = Watermark(connection);
        connection.Execute(Sql("tables.sql"));
        var timings = new List<(string, TimeSpan, TimeSpan)>();
        foreach (var script in new[] { Fill("TRUE", "TRUE"), Sums("TRUE", "TRUE", "TRUE") })
        {
            Run(connection, script, timings, "");
        }

        BuildTimings = timings;
    }

    /// <summary>As <see cref="Build"/>, each statement committed on its own, on two connections of the same database so
    /// that both cores stay busy through the statements' serial parts: the predictions on the second beside the orders'
    /// totals (totals.sql) on this one; then people and cells (fill.sql) here; then the orders (orders.sql) here, and once
    /// they are in, the other per-customer tables, the baskets' sums and the customer list's orders (bounds.sql,
    /// basket_sums.sql, ranks.sql) here beside the visit tables and then the per-day and per-cell sums (visits.sql,
    /// sums.sql) there. The second connection's timings follow the others', marked "beside" (but for the predictions',
    /// whose name says whether the Parquet file was read).</summary>
    private void BuildBeside(DuckDbConnection connection, string? predictionsCsv, string? predictionsParquet, bool beside)
    {
        _watermark = Watermark(connection);
        connection.Execute(Sql("tables.sql"));
        var timings = new List<(string, TimeSpan, TimeSpan)>();
        var besideTimings = new List<(string, TimeSpan, TimeSpan)>();
        if (!beside)
        {
            LoadTimed(connection, predictionsCsv, predictionsParquet, timings);
            foreach (var script in new[] { Script("totals.sql", "TRUE", "TRUE"), Script("fill.sql", "TRUE", "TRUE"), Script("orders.sql", "TRUE", "TRUE"), Script("bounds.sql", "TRUE", "TRUE") })
            {
                Run(connection, script, timings, "");
            }

            foreach (var file in SumScripts)
            {
                Run(connection, Sums(file, "TRUE", "TRUE", "TRUE"), timings, "");
            }

            BuildTimings = timings;
            return;
        }

        using var second = connection.Database.Connect();
        second.Execute("SET preserve_insertion_order = false");

        // The predictions there (their read keeps the file's order: see Load) beside the orders' totals here, which read
        // only silver (the setting Load turns on for its read is the database's: while it is on, DuckDB may plan the
        // totals' temporary table to keep its rows' order too, the same rows).
        var predictions = Task.Run(() =>
        {
            LoadTimed(second, predictionsCsv, predictionsParquet, besideTimings);
            // And the numbers the visits are summed by, which read only the sessions and products.
            Run(second, Sums("visit_keys.sql", "TRUE", "TRUE", "TRUE"), besideTimings, "beside: ");
        });
        Beside(predictions, () => Run(connection, Script("totals.sql", "TRUE", "TRUE"), timings, ""));
        predictions.GetAwaiter().GetResult();
        Run(connection, Script("fill.sql", "TRUE", "TRUE"), timings, "");

        // Then the visit tables there (they need only people and cells) beside the orders here, and the sums of the
        // orders and people there once the orders are in, beside the tables that follow from the orders here.
        var ordered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var visits = Task.Run(() =>
        {
            Run(second, Sums("visits.sql", "TRUE", "TRUE", "TRUE"), besideTimings, "beside: ");
            ordered.Task.GetAwaiter().GetResult();
            Run(second, Sums("sums.sql", "TRUE", "TRUE", "TRUE"), besideTimings, "beside: ");
        });
        Beside(visits, () =>
        {
            try
            {
                Run(connection, Script("orders.sql", "TRUE", "TRUE"), timings, "");
                ordered.SetResult();
            }
            finally
            {
                // When the orders failed, the sums there do not wait for them.
                ordered.TrySetCanceled();
            }

            Run(connection, Script("bounds.sql", "TRUE", "TRUE"), timings, "");
            Run(connection, Sums("basket_sums.sql", "TRUE", "TRUE", "TRUE"), timings, "");
            Run(connection, Sums("ranks.sql", "TRUE", "TRUE", "TRUE"), timings, "");
        });
        visits.GetAwaiter().GetResult();
        timings.AddRange(besideTimings);
        BuildTimings = timings;
    }

    /// <summary>The scripts of <see cref="Sums(string, string, string)"/>, in the order a refresh runs them.</summary>
    private static readonly string[] SumScripts = ["sums.sql", "basket_sums.sql", "ranks.sql", "visit_keys.sql", "visits.sql"];

    /// <summary><see cref="Load"/> with its time added to <paramref name="timings"/> under a name that says which file
    /// was read.</summary>
    private void LoadTimed(DuckDbConnection connection, string? csv, string? parquet, List<(string, TimeSpan, TimeSpan)> timings)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        var fromParquet = Load(connection, csv, parquet);
        timings.Add((fromParquet ? PredictionsFromParquet : "predictions.csv loaded", clock.Elapsed, Environment.CpuUsage.TotalTime - cpu));
    }

    /// <summary>Runs <paramref name="work"/> while <paramref name="beside"/> runs; when the work fails, waits for
    /// <paramref name="beside"/> to end (its connection must not close under it) and reports the work's failure.</summary>
    private static void Beside(Task beside, Action work)
    {
        try
        {
            work();
        }
        catch
        {
            beside.ContinueWith(static _ => { }, TaskScheduler.Default).Wait();
            throw;
        }
    }

    /// <summary>Runs <paramref name="script"/>'s statements one by one, adding each one's time.</summary>
    private static void Run(DuckDbConnection connection, string script, List<(string, TimeSpan, TimeSpan)> timings, string mark)
    {
        foreach (var statement in script.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var clock = Stopwatch.StartNew();
            var cpu = Environment.CpuUsage.TotalTime;
            connection.Execute(statement);
            timings.Add((mark + Step(statement), clock.Elapsed, Environment.CpuUsage.TotalTime - cpu));
        }
    }

    /// <summary>A statement's name for the build timings: its first line that is not a comment.</summary>
    private static string Step(string statement)
    {
        foreach (var line in statement.Split('\n'))
        {
            if (!line.StartsWith("--", StringComparison.Ordinal) && line.Trim().Length > 0)
            {
                var text = line.Trim();
                return text.Length > 60 ? text[..60] : text;
            }
        }

        return "";
    }

    /// <summary>totals.sql, fill.sql, orders.sql and bounds.sql: the orders' totals, people and cells, then the
    /// per-customer tables that follow from the orders.</summary>
    private string Fill(string orders, string people) =>
        Script("totals.sql", orders, people) + "\n" + Script("fill.sql", orders, people) + "\n" + Script("orders.sql", orders, people)
        + "\n" + Script("bounds.sql", orders, people);

    private string Script(string file, string orders, string people) => SqlScripts.Render(DashboardQueries.Load(file), new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dash"] = Tables,
        ["orders_scope"] = orders,
        ["people_scope"] = people,
        ["refilled"] = people == "TRUE" ? "TRUE" : "customer_id IN (SELECT customer_id FROM dash_people)",
    });

    /// <summary>sums.sql, basket_sums.sql, ranks.sql, visit_keys.sql and visits.sql: the per-day, per-month and per-cell
    /// tables.</summary>
    private string Sums(string days, string months, string cells) =>
        string.Join("\n", SumScripts.Select(file => Sums(file, days, months, cells)));

    private string Sums(string file, string days, string months, string cells) => SqlScripts.Render(DashboardQueries.Load(file), new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dash"] = Tables,
        ["day_scope"] = days,
        ["month_scope"] = months,
        ["cell_scope"] = cells,
    });

    private DateTime Watermark(DuckDbConnection connection) =>
        connection.Scalar<DateTime?>(Sql("watermark.sql")) ?? DateTime.MinValue;

    /// <summary>Loads the typed predictions table (and the file's columns) from <paramref name="csv"/>, or from
    /// <paramref name="parquet"/> when given with the CSV's columns in the CSV's order (see <see cref="Store"/>); returns
    /// whether the Parquet file was read.</summary>
    private bool Load(DuckDbConnection connection, string? csv, string? parquet = null)
    {
        var typed = Tables + "dash_predictions";
        var file = new List<string>();
        string source;
        var fromParquet = false;
        _predictionsStamp = Fingerprint(csv);
        if (csv is not null && File.Exists(csv))
        {
            // Every cell read as text and cast here; the download reads the file itself (PredictionsFile), so no text
            // copy of it is kept. rowid keeps the file's order, which DuckDB keeps on insertion only while
            // preserve_insertion_order is on (the warehouse's connections turn it off: a file read on both cores would
            // otherwise be numbered in the order its parts were read).
            source = PredictionsSql(csv);
            var parquetColumns = parquet is not null && File.Exists(parquet) ? ParquetColumns(connection, parquet) : null;
            // The CSV's columns as DuckDB reads them: when its first line is the Parquet file's names, plain and
            // comma-separated, those are they (so DuckDB's sniffing of the CSV, a read of its first rows, is not needed).
            file = parquetColumns is not null && HeaderIs(csv, parquetColumns) ? parquetColumns : FileColumns(connection, csv);
            if (parquet is not null && parquetColumns is not null && parquetColumns.SequenceEqual(file, StringComparer.Ordinal))
            {
                // The same rows in the same order, typed already: no text to parse.
                source = ParquetSql(parquet);
                fromParquet = true;
            }
        }
        else
        {
            source = "(SELECT CAST(NULL AS VARCHAR) AS customer_id WHERE FALSE)";
        }

        var present = file.Count > 0 ? file : ["customer_id"];
        var select = new List<string>(PredictionColumns.Length);
        foreach (var (name, type) in PredictionColumns)
        {
            // Empty text is NULL either way (the Parquet writer stores it as NULL already; the cast of a typed column
            // to its own type changes nothing).
            select.Add(!present.Contains(name) ? $"CAST(NULL AS {type}) AS {name}"
                : fromParquet && type != "VARCHAR" ? string.Create(CultureInfo.InvariantCulture, $"TRY_CAST({name} AS {type}) AS {name}")
                : string.Create(CultureInfo.InvariantCulture, $"TRY_CAST(nullif({name}, '') AS {type}) AS {name}"));
        }

        var preserved = connection.Scalar<bool>("SELECT CAST(current_setting('preserve_insertion_order') AS BOOLEAN)");
        if (!preserved)
        {
            connection.Execute("SET preserve_insertion_order = true");
        }

        try
        {
            connection.Execute($"CREATE TABLE {typed} AS SELECT " + string.Join(", ", select) + $" FROM {source}");
        }
        finally
        {
            if (!preserved)
            {
                connection.Execute("SET preserve_insertion_order = false");
            }
        }

        connection.Execute($"ALTER TABLE {typed} ADD COLUMN rn BIGINT");
        connection.Execute($"UPDATE {typed} SET rn = rowid");

        // The file's columns as read, for a server reusing the stored tables (Reuse).
        connection.Execute($"CREATE TABLE {Tables}dash_prediction_columns (pos INTEGER, name VARCHAR)");
        if (file.Count > 0)
        {
            var values = new List<string>(file.Count);
            for (var i = 0; i < file.Count; i++)
            {
                values.Add(string.Create(CultureInfo.InvariantCulture, $"({i}, {SqlScripts.Literal(file[i])})"));
            }

            connection.Execute($"INSERT INTO {Tables}dash_prediction_columns VALUES " + string.Join(", ", values));
        }
        PredictionFileColumns = file;
        PredictionsFile = file.Count > 0 ? csv : null;
        return fromParquet;
    }

    /// <summary>A predictions.parquet as DuckDB reads it (in the file's order while insertion order is kept).</summary>
    private static string ParquetSql(string parquet) => $"read_parquet({SqlScripts.Literal(parquet)})";

    /// <summary>The columns of <paramref name="parquet"/>, in the file's order (from its footer: no rows read).</summary>
    private static List<string> ParquetColumns(DuckDbConnection connection, string parquet)
    {
        var columns = new List<string>();
        using var described = connection.Query($"SELECT column_name FROM (DESCRIBE SELECT * FROM {ParquetSql(parquet)})");
        for (var i = 0; i < (int)described.RowCount; i++)
        {
            columns.Add(described["column_name"].GetString(i));
        }

        return columns;
    }

    /// <summary>Whether <paramref name="csv"/>'s first line is <paramref name="names"/> joined by commas, each a distinct
    /// plain name (a letter or underscore, then letters, digits and underscores): DuckDB then reads those names, the
    /// delimiter being the comma (no quote, space or other character in the line that it could take instead).</summary>
    internal static bool HeaderIs(string csv, IReadOnlyList<string> names)
    {
        if (names.Count == 0 || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            return false;
        }

        string? line;
        // No byte-order-mark detection: a file that starts with one is left to DuckDB's sniffing.
        using (var reader = new StreamReader(csv, new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: false))
        {
            line = reader.ReadLine();
        }

        if (line is null)
        {
            return false;
        }

        var header = line.Split(',');
        if (header.Length != names.Count)
        {
            return false;
        }

        for (var i = 0; i < header.Length; i++)
        {
            if (!string.Equals(header[i], names[i], StringComparison.Ordinal) || !IsPlainName(header[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlainName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The run's predictions.csv as DuckDB reads it: every cell as text, as the dashboard's table was loaded
    /// from and the customer download repeats it.</summary>
    internal static string PredictionsSql(string csv) =>
        $"read_csv({SqlScripts.Literal(csv)}, header = true, all_varchar = true, auto_detect = true)";

    /// <summary>The columns of <paramref name="csv"/> as <see cref="PredictionsSql"/> reads them, in the file's order.</summary>
    private static List<string> FileColumns(DuckDbConnection connection, string csv)
    {
        var file = new List<string>();
        using var described = connection.Query($"SELECT column_name FROM (DESCRIBE SELECT * FROM {PredictionsSql(csv)})");
        for (var i = 0; i < (int)described.RowCount; i++)
        {
            file.Add(described["column_name"].GetString(i));
        }

        return file;
    }
}
