using System.Diagnostics;
using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Dashboard;

namespace Patron.Bench;

/// <summary>The dashboard pages' data: each page's queries timed on a run folder and its warehouse, best of N.</summary>
/// <remarks>
/// Usage: <c>dashboard --run DIR --db FILE [--repeat 5] [--segment NAME] [--memory-limit 2GB] [--store]</c>. Opens the warehouse
/// as the server does without live events (read-only, predictions loaded, the dashboard's tables built: the "open" row),
/// then runs every page's queries under the default filter (the last 12 months of orders) and, with
/// <c>--segment</c>, under that segment too. Prints one row per query and one per page (its queries in turn), best of
/// <c>--repeat</c> after a warm-up, in milliseconds. With <c>--store</c> the tables are first stored in the warehouse as
/// the pipeline's dashboard stage stores them (it writes the file: give a copy), and the open reads them.
/// </remarks>
internal static class DashboardBench
{
    public static int Run(string[] args)
    {
        var run = BenchArgs.Option(args, "--run", "");
        var db = BenchArgs.Option(args, "--db", "");
        if (run.Length == 0 || db.Length == 0)
        {
            Console.Error.WriteLine("usage: dashboard --run DIR --db FILE [--repeat 5] [--segment NAME] [--memory-limit 2GB] [--store]");
            return 2;
        }

        var repeat = BenchArgs.IntOption(args, "--repeat", 5);
        var limit = BenchArgs.Option(args, "--memory-limit", Environment.GetEnvironmentVariable("PATRON_MEMORY_LIMIT") ?? "2GB");
        var predictions = Path.Combine(run, "predictions.csv");
        if (args.Contains("--store"))
        {
            // As the pipeline's dashboard stage does (this writes the warehouse: give a copy).
            var storing = Stopwatch.StartNew();
            using (var writer = DuckDbConnection.Open(db, new DuckDbConfig { MemoryLimit = limit }))
            {
                DashboardWarehouse.Store(writer, predictions);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store (the pipeline's dashboard stage): {storing.Elapsed.TotalMilliseconds:F0} ms"));
        }

        var clock = Stopwatch.StartNew();
        using var warehouse = DashboardWarehouse.Open(db, predictions, new DuckDbConfig { MemoryLimit = limit });
        var open = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"open ({(warehouse.Stored ? "the stored tables read" : "predictions + dashboard tables built")}): {open:F0} ms; memory limit {limit}; best of {repeat}"));
        foreach (var (step, took) in warehouse.BuildTimings)
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

        var customer = queries.Customers(filters[0].Filter, "churn", 0, 1).Text(0, "customer_id") ?? "";
        Console.WriteLine($"{"filter",-28} {"page",-12} {"query",-22} {"ms",8}");
        foreach (var (name, filter) in filters)
        {
            var pages = new (string Page, (string Query, Action Run)[] Queries)[]
            {
                ("overview", [("kpis", () => queries.Kpis(filter)), ("monthly", () => queries.Monthly(filter)), ("segments", () => queries.Segments(filter))]),
                ("customers", [("segments", () => queries.Segments(filter)), ("page by churn", () => queries.Customers(filter, "churn", 0, 50)), ("page by revenue", () => queries.Customers(filter, "revenue", 0, 50))]),
                ("customer", [("attributes", () => queries.Customer(customer)), ("orders", () => queries.CustomerOrders(customer, 200))]),
                ("retention", [("cohorts", () => queries.Cohorts(filter)), ("churn bins", () => queries.ChurnBins(filter)), ("at risk", () => queries.AtRisk(filter, 50)), ("breakdowns", () => queries.Breakdowns(filter))]),
                ("funnel", [("categories", () => queries.Funnel(filter, "category", 1_000)), ("leaks", () => queries.Funnel(filter, "product", 20)), ("seasonality", () => queries.Seasonality(filter))]),
                ("cross-sell", [("rules", () => queries.Rules(30)), ("pairs", () => queries.Pairs(filter, 30))]),
                ("export", [("customers.csv", () => queries.ExportCustomers(filter, TextWriter.Null))]),
            };
            foreach (var (page, list) in pages)
            {
                var total = 0.0;
                foreach (var (query, action) in list)
                {
                    var best = Best(action, repeat);
                    total += best;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {page,-12} {query,-22} {best,8:F1}"));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {page,-12} {"(page)",-22} {total,8:F1}"));
            }
        }

        return 0;
    }

    private static double Best(Action action, int repeat)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return best;
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
}
