using System.Diagnostics;
using System.Globalization;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Dashboard;

/// <summary>The dashboard pages' aggregates, each one DuckDB query of <c>Sql/Dashboard/</c> under the global filter
/// (<c>filter.sql</c>): small answers only, a list never more than one page.</summary>
/// <remarks>One instance per request: not thread-safe. Disposing closes its connection.</remarks>
public sealed class DashboardQueries : IDisposable
{
    private readonly DuckDbConnection _connection;
    private readonly DashboardWarehouse _warehouse;
    private readonly List<(string Query, TimeSpan Took)> _timings = [];
    private bool _disposed;

    internal DashboardQueries(DuckDbConnection connection, DashboardWarehouse warehouse)
    {
        _connection = connection;
        _warehouse = warehouse;
    }

    /// <summary>Each query run so far on this connection, in order: the name of its SQL file (without <c>.sql</c>) and
    /// how long it took, from sending it to copying its answer (the server's <c>Server-Timing</c> header lists them).</summary>
    public IReadOnlyList<(string Query, TimeSpan Took)> Timings => _timings;

    /// <summary>The request's connection (the warehouse's refresh runs on one).</summary>
    internal DuckDbConnection Connection => _connection;

    /// <summary>The fewest customers whose revenue a page sorted by revenue sums before it may sort them all.</summary>
    public const int TopCandidates = 2_000;

    /// <summary>Sort keys of <see cref="Customers"/>.</summary>
    public static IReadOnlyList<string> CustomerSorts { get; } = ["churn", "clv", "revenue", "id"];

    /// <summary>Writes DuckDB's profile of each following query of this connection (operators, rows, times: what
    /// <c>EXPLAIN ANALYZE</c> prints) to <paramref name="file"/> as JSON, each query replacing the last; null stops.</summary>
    public void ProfileTo(string? file)
    {
        if (file is null)
        {
            _connection.Execute("SET enable_profiling = 'no_output'");
            return;
        }

        _connection.Execute("SET enable_profiling = 'json'");
        _connection.Execute("SET profiling_output = " + SqlScripts.Literal(file));
    }

    /// <summary>Filter values: rows of (kind, value, customers) for kinds segment, country, channel, and first_day /
    /// last_day (yyyy-MM-dd) of the orders.</summary>
    public DashboardTable Choices() => Run("choices", _warehouse.Sql("choices.sql"));

    /// <summary>The overview's tiles: rows <c>current</c> and <c>previous</c> (the period of equal length before).</summary>
    /// <remarks>Without a customer criterion the customers are counted from the purchases per day and neighbouring
    /// purchase day (<c>kpis_all.sql</c>, a few hundred thousand rows at most) rather than from every purchase.</remarks>
    public DashboardTable Kpis(DashboardFilter filter) => Filtered(Narrowed(filter) ? "kpis.sql" : "kpis_all.sql", filter);

    /// <summary>Monthly revenue, orders, AOV, active and new customers.</summary>
    public DashboardTable Monthly(DashboardFilter filter) => Filtered(Narrowed(filter) ? "monthly.sql" : "monthly_all.sql", filter);

    /// <summary>The run's segments among the chosen customers.</summary>
    public DashboardTable Segments(DashboardFilter filter) => Filtered("segments.sql", filter);

    /// <summary>One page of the chosen customers, sorted by <paramref name="sort"/> (one of <see cref="CustomerSorts"/>);
    /// the <c>total</c> column holds the number of customers the filter keeps.</summary>
    /// <param name="filter">The global filter.</param>
    /// <param name="sort">One of <see cref="CustomerSorts"/>.</param>
    /// <param name="skip">Rows before the page.</param>
    /// <param name="take">Page size.</param>
    /// <param name="candidates">By revenue: how many customers of the highest revenue bounds are summed first (at
    /// least the page's end; by default <see cref="TopCandidates"/> or eight times the page's end). The answer is the
    /// same whatever the number: it only changes how often every customer is summed.</param>
    public DashboardTable Customers(DashboardFilter filter, string sort, int skip, int take, int? candidates = null)
    {
        if (!CustomerSorts.Contains(sort))
        {
            throw new ArgumentOutOfRangeException(nameof(sort), sort, "Sort by churn, clv, revenue or id.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        if (sort != "revenue")
        {
            return Filtered("customers.sql", filter, sort, skip, take);
        }

        // The range summed for the customers of the highest revenue bounds first: exact when the page's last row beats
        // every bound left out (no rows otherwise), so page one never sums and sorts every customer.
        var end = skip + (long)take;
        var summed = candidates is { } n ? Math.Max(n, end) : Math.Max(TopCandidates, 8 * end);
        var top = Filtered("customers_top.sql", filter, sort, skip, take, summed);
        return top.RowCount > 0 ? top : Filtered("customers_by_revenue.sql", filter, sort, skip, take);
    }

    /// <summary>A customer's attributes from the warehouse (no row when unknown).</summary>
    public DashboardTable Customer(string customerId) => Run("customer", _warehouse.Sql("customer.sql"), customerId);

    /// <summary>A customer's latest <paramref name="limit"/> orders, newest first.</summary>
    public DashboardTable CustomerOrders(string customerId, int limit) => Run("customer_orders", _warehouse.Sql("customer_orders.sql"), customerId, limit);

    /// <summary>Cohort retention by first-purchase month and months since.</summary>
    public DashboardTable Cohorts(DashboardFilter filter) => Filtered(Narrowed(filter) ? "cohorts.sql" : "cohorts_all.sql", filter);

    /// <summary>Customers per tenth of churn probability.</summary>
    public DashboardTable ChurnBins(DashboardFilter filter) => Filtered("churn_bins.sql", filter);

    /// <summary>How many high-risk customers per cell the dashboard's tables keep (<c>risk_top</c>): an at-risk list of
    /// up to this many is read from them, a longer one from every customer.</summary>
    public const int AtRiskKept = 200;

    /// <summary>High-risk customers, most valuable first.</summary>
    public DashboardTable AtRisk(DashboardFilter filter, int limit) =>
        Filtered(limit <= AtRiskKept ? "at_risk.sql" : "at_risk_all.sql", filter, limit);

    /// <summary>AOV and revenue per customer by cohort, channel and signup month (column <c>dimension</c>).</summary>
    /// <remarks>The range's whole months come from the monthly sums, its other days from the orders.</remarks>
    public DashboardTable Breakdowns(DashboardFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (wholeFrom, wholeTo) = WholeMonths(filter.From, filter.To);
        return Filtered("breakdowns.sql", filter, wholeFrom, wholeTo, new DateOnly(filter.From.Year, filter.From.Month, 1));
    }

    /// <summary>The whole months of [<paramref name="from"/>, <paramref name="to"/>] as [first day, first day after);
    /// both the day after <paramref name="to"/> when it holds none.</summary>
    internal static (DateOnly From, DateOnly To) WholeMonths(DateOnly from, DateOnly to)
    {
        var start = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        var after = to.AddDays(1);
        var end = new DateOnly(after.Year, after.Month, 1);
        return start < end ? (start, end) : (after, after);
    }

    /// <summary>Revenue and orders by month of year, weekday and hour (column <c>dimension</c>).</summary>
    /// <remarks>The hours come from the per-day and hour sums without a customer filter; under a filter on one customer
    /// attribute everything comes from that value's sums per day and hour; otherwise from the per-month, cell and hour
    /// sums for the range's whole months and from the orders for its other days.</remarks>
    public DashboardTable Seasonality(DashboardFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (!filter.NarrowsCustomers)
        {
            return Run("seasonality", _warehouse.Sql("filter.sql") + "\n" + _warehouse.Sql("hours_all.sql") + "\n" + _warehouse.Sql("seasonality.sql"), FilterValues(filter));
        }

        if (Attribute(filter) is { } attribute)
        {
            // One customer attribute alone: its value's sums per day and hour.
            return Run("seasonality", _warehouse.Sql("filter.sql") + "\n" + _warehouse.Sql("seasonality_attrs.sql"), [.. FilterValues(filter), attribute.Kind, attribute.Value]);
        }

        var (wholeFrom, wholeTo) = WholeMonths(filter.From, filter.To);
        return Run("seasonality", _warehouse.Sql("filter.sql") + "\n" + _warehouse.Sql("hours.sql") + "\n" + _warehouse.Sql("seasonality.sql"), [.. FilterValues(filter), wholeFrom, wholeTo]);
    }

    /// <summary>Whether the warehouse holds click events (the funnel's input).</summary>
    public bool HasEvents() => _connection.Scalar<long>("SELECT count(*) FROM (SELECT 1 FROM silver.events LIMIT 1)") > 0;

    /// <summary>Whether the warehouse holds dated web sessions (the funnel's input without click events).</summary>
    public bool HasSessions() => _connection.Scalar<long>("SELECT count(*) FROM (SELECT 1 FROM silver.sessions WHERE started_at IS NOT NULL LIMIT 1)") > 0;

    /// <summary>The session funnel by <c>category</c>, or by <c>product</c> with the biggest leaks first: from click
    /// events (view, cart, purchase) when the warehouse has them, else from web sessions (no cart step).</summary>
    public DashboardTable Funnel(DashboardFilter filter, string by, int limit)
    {
        if (by is not ("category" or "product"))
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "The funnel is by category or product.");
        }

        return HasEvents() ? Filtered("funnel.sql", filter, by, limit) : SessionFunnel(filter, by, limit);
    }

    /// <summary>The session funnel from web sessions alone (no cart step): what <see cref="Funnel"/> answers when the
    /// warehouse has no click events.</summary>
    public DashboardTable SessionFunnel(DashboardFilter filter, string by, int limit)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (by is not ("category" or "product"))
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "The funnel is by category or product.");
        }

        // The counts, by product or summed per category from the same rows: without a customer filter from the tables
        // without cells (the range's whole months per month, its other days per day), else the kept cells' rows per day.
        var sql = _warehouse.Sql("filter.sql") + "\n";
        if (filter.NarrowsCustomers)
        {
            return Run("session_funnel", sql + _warehouse.Sql("visits_product.sql") + "\n" + _warehouse.Sql("session_funnel.sql"), [.. FilterValues(filter), by, limit]);
        }

        var (wholeFrom, wholeTo) = WholeMonths(filter.From, filter.To);
        return Run("session_funnel", sql + _warehouse.Sql("visits_product_days.sql") + "\n" + _warehouse.Sql("session_funnel.sql"), [.. FilterValues(filter), by, limit, wholeFrom, wholeTo]);
    }

    /// <summary>Product pairs bought together in the range by the chosen customers.</summary>
    /// <remarks>The range's whole months come from the monthly pair and product counts, its other days from the
    /// baskets.</remarks>
    public DashboardTable Pairs(DashboardFilter filter, int limit)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (wholeFrom, wholeTo) = WholeMonths(filter.From, filter.To);
        return Filtered("pairs.sql", filter, limit, wholeFrom, wholeTo);
    }

    /// <summary>The strongest mined association rules, or null when <c>patron rules</c> has not mined any.</summary>
    public DashboardTable? Rules(int limit)
    {
        var exists = _connection.Scalar<long>(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'gold' AND table_name = 'association_rules'") > 0;
        if (!exists)
        {
            return null;
        }

        var rules = Run("rules", _warehouse.Sql("rules.sql"), limit);
        return rules.RowCount == 0 ? null : rules;
    }

    /// <summary>Writes the chosen customers' rows of predictions.csv as CSV (its header and cells, in its order);
    /// returns the rows written.</summary>
    /// <remarks>The rows are read from the file itself as the dashboard's table was loaded from it (every cell as
    /// text), streamed in the file's order; under a customer filter only those of the chosen customers' ids are
    /// written. No copy of the file's text is kept in the warehouse.</remarks>
    public long ExportCustomers(DashboardFilter filter, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(writer);
        var columns = _warehouse.PredictionFileColumns;
        if (columns.Count == 0 || _warehouse.PredictionsFile is not { } file)
        {
            return 0;
        }

        var id = -1;
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c] == "customer_id")
            {
                id = c;
            }
        }

        // The customers the filter keeps; without a customer filter every run customer (a row with an id) is.
        HashSet<string>? kept = null;
        if (filter.NarrowsCustomers)
        {
            kept = new HashSet<string>(StringComparer.Ordinal);
            using var statement = _connection.Prepare(_warehouse.Sql("filter.sql") + "\n" + _warehouse.Sql("export.sql"));
            statement.BindAll(FilterValues(filter));
            using var ids = statement.QueryStreaming();
            while (ids.NextChunk())
            {
                var column = ids.Column(0);
                for (var r = 0; r < ids.RowCount; r++)
                {
                    kept.Add(column.GetString(r));
                }
            }
        }

        using var reader = ReadInFileOrder("SELECT * FROM " + DashboardWarehouse.PredictionsSql(file));
        WriteRow(writer, reader.ColumnNames);
        var cells = new string?[reader.ColumnCount];
        long rows = 0;
        while (reader.NextChunk())
        {
            var chunk = new DuckDbColumn[reader.ColumnCount];
            for (var c = 0; c < chunk.Length; c++)
            {
                chunk[c] = reader.Column(c);
            }

            for (var r = 0; r < reader.RowCount; r++)
            {
                // As the table's customers were matched: an empty id is no customer's.
                if (id < 0 || chunk[id].IsNull(r) || chunk[id].GetString(r) is not { Length: > 0 } customer || (kept is not null && !kept.Contains(customer)))
                {
                    continue;
                }

                for (var c = 0; c < chunk.Length; c++)
                {
                    cells[c] = chunk[c].IsNull(r) ? null : chunk[c].GetString(r);
                }

                WriteRow(writer, cells);
                rows++;
            }
        }

        return rows;
    }

    /// <summary>Serialises the changes of DuckDB's insertion-order setting (global to the instance) around a read.</summary>
    private static readonly Lock OrderSetting = new();

    /// <summary>Starts streaming <paramref name="sql"/> with DuckDB's insertion order kept, so a file read on both cores
    /// comes in the file's order, then puts the instance's setting back (the order is fixed when the query is planned;
    /// the setting is changed through another connection, since running anything on this one would end the stream).</summary>
    private DuckDbReader ReadInFileOrder(string sql)
    {
        lock (OrderSetting)
        {
            using var setting = _connection.Database.Connect();
            var preserved = setting.Scalar<bool>("SELECT CAST(current_setting('preserve_insertion_order') AS BOOLEAN)");
            if (!preserved)
            {
                setting.Execute("SET preserve_insertion_order = true");
            }

            try
            {
                return _connection.QueryStreaming(sql);
            }
            finally
            {
                if (!preserved)
                {
                    setting.Execute("SET preserve_insertion_order = false");
                }
            }
        }
    }

    /// <summary>Writes one CSV record: a cell with a comma, quote or line break is quoted, quotes doubled.</summary>
    public static void WriteRow(TextWriter writer, IReadOnlyList<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cells);
        for (var c = 0; c < cells.Count; c++)
        {
            if (c > 0)
            {
                writer.Write(',');
            }

            var cell = cells[c] ?? "";
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(cell.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(cell);
            }
        }

        writer.Write('\n');
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _connection.Dispose();
        _warehouse.Release();
    }

    /// <summary>The one customer attribute the filter names, when it names exactly one: its kind in the tables kept per
    /// attribute value (1 segment, 2 country, 3 channel) and its value; null without a customer filter or with two or
    /// more.</summary>
    internal static (sbyte Kind, string Value)? Attribute(DashboardFilter filter) => filter switch
    {
        { Segment: { } segment, Country: null, Channel: null } => (1, segment),
        { Segment: null, Country: { } country, Channel: null } => (2, country),
        { Segment: null, Country: null, Channel: { } channel } => (3, channel),
        _ => null,
    };

    /// <summary>Whether the filter keeps only some customers (the pre-summed tables without cells do not apply).</summary>
    private static bool Narrowed(DashboardFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return filter.NarrowsCustomers;
    }

    private DashboardTable Filtered(string file, DashboardFilter filter, params object?[] extra)
    {
        var values = new object?[5 + extra.Length];
        FilterValues(filter).CopyTo(values, 0);
        extra.CopyTo(values, 5);
        return Run(file[..^".sql".Length], _warehouse.Sql("filter.sql") + "\n" + _warehouse.Sql(file), values);
    }

    private DashboardTable Run(string name, string sql, params object?[] values)
    {
        var started = Stopwatch.GetTimestamp();
        using var result = _connection.Query(sql, values);
        var table = DashboardTable.From(result);
        _timings.Add((name, Stopwatch.GetElapsedTime(started)));
        return table;
    }

    private static object?[] FilterValues(DashboardFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return [filter.From, filter.To, filter.Segment, filter.Country, filter.Channel];
    }

    internal static string Load(string file) => SqlScripts.Load(typeof(DashboardQueries).Assembly, "Dashboard/" + file)
        ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Missing dashboard query {file}."));
}
