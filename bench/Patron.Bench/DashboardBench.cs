using System.Diagnostics;
using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Dashboard;
using Patron.Features.Live;
using Patron.Warehouse;

namespace Patron.Bench;

/// <summary>The dashboard pages' data: each page's queries timed on a run folder and its warehouse, best of N.</summary>
/// <remarks>
/// Usage: <c>dashboard --run DIR --db FILE [--repeat 5] [--segment NAME] [--country CODE] [--channel NAME] [--memory-limit 2GB] [--store [--store-only] [--serial [--threads]] [--csv]] [--checksum] [--like-server [--live-rows yyyy-MM-dd]] [--profile DIR]</c>. Opens the warehouse
/// as the server does without live events (read-only, predictions loaded, the dashboard's tables built: the "open" row),
/// then runs every page's queries under the default filter (the last 12 months of orders) and, with
/// <c>--segment</c>, <c>--country</c> or <c>--channel</c>, under each of those too. Prints one row per query and one per
/// page (its queries in turn): its first run's time and the best of <c>--repeat</c> after it, in milliseconds. With <c>--store</c> the tables are first stored in the warehouse as
/// the pipeline's dashboard stage stores them (it writes the file: give a copy), each statement's time printed, and the
/// open reads them; <c>--store-only</c> stops after the store, and <c>--serial</c> runs its statements one after the other on one connection (the
/// stage runs the visit tables beside the others), so that each one's CPU time, printed beside its wall time, is its own; the typed predictions are read from the run's predictions.parquet as the stage reads them, or with <c>--csv</c> from predictions.csv. With <c>--checksum</c> (after the store, or alone) each
/// stored dashboard table's rows, order-independent checksum and row-order checksum are printed (see PrintChecksums). With
/// <c>--like-server</c> the file is opened for writing and shared as <c>patron serve --db</c> does (it needs the stored
/// tables or builds them in memory), and with <c>--live-rows DAY</c> every customer's rows as of DAY are read into
/// memory through the same instance first, as the server's live worker does. With <c>--profile DIR</c> each query
/// runs once more with DuckDB's profiler on, writing DIR/PAGE.QUERY.json (operators, rows and times).
/// </remarks>
internal static class DashboardBench
{
    public static int Run(string[] args)
    {
        var run = BenchArgs.Option(args, "--run", "");
        var db = BenchArgs.Option(args, "--db", "");
        if (run.Length == 0 || db.Length == 0)
        {
            Console.Error.WriteLine("usage: dashboard --run DIR --db FILE [--repeat 5] [--segment NAME] [--country CODE] [--channel NAME] [--memory-limit 2GB] [--store [--store-only] [--serial [--threads]] [--csv]] [--checksum] [--like-server [--live-rows yyyy-MM-dd]] [--profile DIR]");
            return 2;
        }

        var repeat = BenchArgs.IntOption(args, "--repeat", 5);
        var limit = BenchArgs.Option(args, "--memory-limit", Environment.GetEnvironmentVariable("PATRON_MEMORY_LIMIT") ?? "2GB");
        var predictions = Path.Combine(run, "predictions.csv");
        if (args.Contains("--checksum") && !args.Contains("--store"))
        {
            PrintChecksums(db);
            return 0;
        }

        if (args.Contains("--store"))
        {
            // As the pipeline's dashboard stage does (this writes the warehouse: give a copy).
            var storing = Stopwatch.StartNew();
            IReadOnlyList<(string Step, TimeSpan Took, TimeSpan Cpu)> steps;
            var cpu = Environment.CpuUsage.TotalTime;
            using var sampler = args.Contains("--threads") ? new ThreadSampler() : null;
            using (var writer = WarehouseFile.Open(db, memoryLimit: limit))
            {
                // As the stage does, the typed predictions read from the run's predictions.parquet (unless --csv).
                var parquet = Path.Combine(run, "predictions.parquet");
                steps = DashboardWarehouse.Store(writer, predictions, beside: !args.Contains("--serial"),
                    predictionsParquet: !args.Contains("--csv") && File.Exists(parquet) ? parquet : null);
            }

            var stored = storing.Elapsed;
            sampler?.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store (the pipeline's dashboard stage): {stored.TotalMilliseconds:F0} ms, {(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds:F0} ms CPU"));
            // With --threads (meant with --serial, where the steps follow each other): the steps are placed on the
            // sampler's clock backwards from the store's end (the swap's few renames taken as nothing, so a step's
            // window may be late by that much), and each step's busiest thread's share of the process's CPU meanwhile
            // printed beside it: near 100 % for a statement that runs on one thread.
            var end = stored;
            var starts = new TimeSpan[steps.Count];
            for (var i = steps.Count - 1; i >= 0; i--)
            {
                end -= steps[i].Took;
                starts[i] = end;
            }

            for (var i = 0; i < steps.Count; i++)
            {
                var (step, took, stepCpu) = steps[i];
                var share = sampler is null ? "" : string.Create(CultureInfo.InvariantCulture, $" {sampler.BusiestShare(starts[i], starts[i] + took),6:P0} on one thread");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  store {step,-60} {took.TotalMilliseconds,8:F0} ms {stepCpu.TotalMilliseconds,8:F0} ms CPU{share}"));
            }

            if (args.Contains("--checksum"))
            {
                PrintChecksums(db);
            }

            if (args.Contains("--store-only"))
            {
                return 0;
            }
        }

        var clock = Stopwatch.StartNew();
        DuckDbConnection? shared = null;
        LiveRowStore? rows = null;
        DashboardWarehouse warehouse;
        if (args.Contains("--like-server"))
        {
            // As patron serve --db opens it: the file for writing through the one instance the live worker uses, the
            // dashboard reading through that instance.
            shared = WarehouseFile.Open(db, memoryLimit: limit);
            warehouse = DashboardWarehouse.Share(shared.Database, db, predictions);
            if (BenchArgs.Option(args, "--live-rows", "") is { Length: > 0 } day)
            {
                // And, as the server does after its start, every customer's rows read into memory through it.
                var loading = Stopwatch.StartNew();
                using var connection = shared.Database.Connect();
                rows = LiveRowStore.Load(connection, DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"live rows: {rows.Customers} customers, {rows.Bytes / 1_048_576.0:F0} MB, read in {loading.Elapsed.TotalSeconds:F1} s"));
            }
        }
        else
        {
            warehouse = DashboardWarehouse.Open(db, predictions, new DuckDbConfig { MemoryLimit = limit });
        }

        using var owned = warehouse;
        using var instance = shared;
        var open = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"open ({(warehouse.Stored ? "the stored tables read" : "predictions + dashboard tables built")}): {open:F0} ms; memory limit {limit}; best of {repeat}"));
        foreach (var (step, took, _) in warehouse.BuildTimings)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  build {step,-60} {took.TotalMilliseconds,8:F0} ms"));
        }


        using var queries = warehouse.Connect();
        var choices = queries.Choices();
        var last = DateOnly.ParseExact(Choice(choices, "last_day"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var filters = new List<(string Name, DashboardFilter Filter)> { ("last 12 months", new DashboardFilter { From = last.AddYears(-1).AddDays(1), To = last }) };
        if (BenchArgs.Option(args, "--segment", "") is { Length: > 0 } segment)
        {
            filters.Add(("segment " + segment, filters[0].Filter with { Segment = segment }));
        }

        if (BenchArgs.Option(args, "--country", "") is { Length: > 0 } country)
        {
            filters.Add(("country " + country, filters[0].Filter with { Country = country }));
        }

        if (BenchArgs.Option(args, "--channel", "") is { Length: > 0 } channel)
        {
            filters.Add(("channel " + channel, filters[0].Filter with { Channel = channel }));
        }

        var customer = queries.Customers(filters[0].Filter, "churn", 0, 1).Text(0, "customer_id") ?? "";
        var profiles = BenchArgs.Option(args, "--profile", "");
        if (profiles.Length > 0)
        {
            Directory.CreateDirectory(profiles);
        }

        // first: the query's first run on this connection (a server's first request after its start pays it, unless its
        // warm-up ran the same query); ms: the best of the runs after it.
        Console.WriteLine($"{"filter",-28} {"page",-12} {"query",-22} {"first",8} {"ms",8}");
        foreach (var (name, filter) in filters)
        {
            var pages = new (string Page, (string Query, Action Run)[] Queries)[]
            {
                ("overview", [("kpis", () => queries.Kpis(filter)), ("monthly", () => queries.Monthly(filter)), ("segments", () => queries.Segments(filter))]),
                ("customers", [("segments", () => queries.Segments(filter)), ("page by churn", () => queries.Customers(filter, "churn", 0, 50)), ("page by clv", () => queries.Customers(filter, "clv", 0, 50)), ("page by revenue", () => queries.Customers(filter, "revenue", 0, 50))]),
                ("customer", [("attributes", () => queries.Customer(customer)), ("orders", () => queries.CustomerOrders(customer, 200))]),
                ("retention", [("cohorts", () => queries.Cohorts(filter)), ("churn bins", () => queries.ChurnBins(filter)), ("at risk", () => queries.AtRisk(filter, 50)), ("breakdowns", () => queries.Breakdowns(filter))]),
                ("funnel", [("categories", () => queries.Funnel(filter, "category", 1_000)), ("leaks", () => queries.Funnel(filter, "product", 20)), ("seasonality", () => queries.Seasonality(filter))]),
                ("cross-sell", [("rules", () => queries.Rules(30)), ("pairs", () => queries.Pairs(filter, 30))]),
                ("export", [("customers.csv", () => queries.ExportCustomers(filter, TextWriter.Null))]),
            };
            foreach (var (page, list) in pages)
            {
                var total = 0.0;
                var totalFirst = 0.0;
                foreach (var (query, action) in list)
                {
                    var (first, best) = Best(action, repeat);
                    totalFirst += first;
                    if (profiles.Length > 0)
                    {
                        // One more run, profiled: the operators' rows and times (EXPLAIN ANALYZE) of the query's last statement.
                        queries.ProfileTo(Path.Combine(profiles, $"{page}.{query.Replace(' ', '_')}.json"));
                        action();
                        queries.ProfileTo(null);
                    }

                    total += best;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {page,-12} {query,-22} {first,8:F1} {best,8:F1}"));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {page,-12} {"(page)",-22} {totalFirst,8:F1} {total,8:F1}"));
            }
        }

        return 0;
    }

    /// <summary>The columns whose order the stored tables' rows are written in (their inserts' <c>ORDER BY</c>): the pages'
    /// range reads rely on it, so <see cref="PrintChecksums"/> hashes each row's position with them.</summary>
    private static readonly Dictionary<string, string> RowOrder = new(StringComparer.Ordinal)
    {
        ["orders"] = "ordered_at",
        ["daily"] = "day, cell",
        ["links"] = "day, kind",
        ["cohort_days"] = "day, first_month",
        ["months"] = "month, cell",
        ["pair_months"] = "month, cell",
        ["product_months"] = "month, cell",
        ["basket_months"] = "month, cell",
        ["hour_days"] = "day, hour",
        ["hour_attrs"] = "kind, value, day",
        ["hour_months"] = "month, cell, hour",
        ["ranks"] = "pos, sort, cell",
        ["page_orders"] = "lead",
        ["cell_people"] = "cell",
        ["risk_bins"] = "cell",
        ["risk_top"] = "cell",
        ["cohort_sizes"] = "cell",
        ["spend_orders"] = "spend",
        ["baskets"] = "day",
        ["visits_product"] = "date_trunc('month', day), cell",
        ["visits_product_days"] = "day",
        ["visits_product_day_months"] = "month",
    };

    /// <summary>Per stored dashboard table its rows and an order-independent sum of the rows' hashes (every column but
    /// the customers' arbitrary numbers <c>cust</c>; <c>cell_people</c>'s floating sums rounded to 6 and 4 digits, whose
    /// last bits depend on the order of the additions), and for the tables written in an order the pages rely on, the
    /// sum of each row's position hashed with its order columns: equal sums before and after a change mean the same rows
    /// in the same order.</summary>
    private static void PrintChecksums(string db)
    {
        using var connection = WarehouseFile.Open(db, readOnly: true);
        var tables = connection.Query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold' AND table_name LIKE 'dashboard\\_%' ESCAPE '\\' ORDER BY table_name")["table_name"];
        for (var i = 0; i < tables.Length; i++)
        {
            var name = tables.GetString(i);
            var columns = connection.Query($"SELECT column_name FROM duckdb_columns() WHERE schema_name = 'gold' AND table_name = '{name}' AND column_name <> 'cust' ORDER BY column_index")["column_name"];
            var hashed = new List<string>();
            for (var c = 0; c < columns.Length; c++)
            {
                var column = columns.GetString(c);
                hashed.Add(name == "dashboard_cell_people" && column == "churn_sum" ? "round(churn_sum, 6)"
                    : name == "dashboard_cell_people" && column == "clv_sum" ? "round(clv_sum, 4)"
                    : $"\"{column}\"");
            }

            var order = RowOrder.TryGetValue(name["dashboard_".Length..], out var key)
                ? $"coalesce(sum(hash(rowid, {key})::HUGEINT), 0)::VARCHAR" : "''";
            var sums = connection.Query($"SELECT count(*) AS n, coalesce(sum(hash({string.Join(", ", hashed)})::HUGEINT), 0)::VARCHAR AS h, {order} AS o FROM gold.\"{name}\"");
            var ordered = sums["o"].GetString(0);
            Console.WriteLine(FormattableString.Invariant($"checksum gold.{name}: {sums["n"].GetInt64(0)} rows, {sums["h"].GetString(0)}{(ordered.Length > 0 ? ", order " + ordered : "")}"));
        }
    }

    /// <summary>The first run's time and the best of <paramref name="repeat"/> runs after it, ms.</summary>
    private static (double First, double Best) Best(Action action, int repeat)
    {
        var clock0 = Stopwatch.StartNew();
        action();
        var first = clock0.Elapsed.TotalMilliseconds;
        var best = double.MaxValue;
        for (var i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return (first, best);
    }

    private static string Choice(DashboardTable choices, string kind)
    {
        for (var r = 0; r < choices.RowCount; r++)
        {
            if (choices.Text(r, "kind") == kind)
            {
                return choices.Text(r, "value")!;
            }
        }

        throw new InvalidOperationException($"The warehouse has no {kind}.");
    }

    /// <summary>Samples every thread's CPU seconds (/proc/self/task/*/stat, read as <see cref="ProcStat"/>) every 20 ms on a thread of its own, from its
    /// creation to <see cref="Stop"/>, so that the share of a time window's CPU that its busiest thread did can be told
    /// (a statement that runs on one core: near 100 %; on both: about half).</summary>
    private sealed class ThreadSampler : IDisposable
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<(TimeSpan At, Dictionary<int, double> Seconds)> _samples = [];
        private readonly Thread _thread;
        private volatile bool _stop;

        public ThreadSampler()
        {
            _thread = new Thread(Sample) { IsBackground = true, Name = "thread sampler" };
            _thread.Start();
        }

        public void Stop()
        {
            _stop = true;
            _thread.Join();
        }

        public void Dispose()
        {
            if (!_stop)
            {
                Stop();
            }
        }

        /// <summary>The busiest thread's share of all threads' CPU seconds between the samples nearest to the window's
        /// ends (the sampler's own thread left out).</summary>
        public double BusiestShare(TimeSpan from, TimeSpan to)
        {
            var first = Nearest(from);
            var last = Nearest(to);
            var total = 0.0;
            var busiest = 0.0;
            foreach (var (tid, seconds) in last.Seconds)
            {
                var delta = seconds - first.Seconds.GetValueOrDefault(tid);
                total += delta;
                busiest = Math.Max(busiest, delta);
            }

            return total == 0 ? double.NaN : busiest / total;
        }

        private (TimeSpan At, Dictionary<int, double> Seconds) Nearest(TimeSpan at)
        {
            var best = _samples[0];
            foreach (var sample in _samples)
            {
                if ((sample.At - at).Duration() < (best.At - at).Duration())
                {
                    best = sample;
                }
            }

            return best;
        }

        private void Sample()
        {
            var own = -1;
            while (true)
            {
                var seconds = new Dictionary<int, double>();
                foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
                {
                    try
                    {
                        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                        var tid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                        if (own < 0 && stat.Contains("(thread sampler)", StringComparison.Ordinal))
                        {
                            own = tid;
                        }

                        if (tid != own)
                        {
                            seconds[tid] = ProcStat.Parse(stat).CpuSeconds;
                        }
                    }
                    catch (IOException)
                    {
                        // The thread ended between the listing and the read.
                    }
                }

                _samples.Add((_clock.Elapsed, seconds));
                if (_stop)
                {
                    return;
                }

                Thread.Sleep(20);
            }
        }
    }
}
