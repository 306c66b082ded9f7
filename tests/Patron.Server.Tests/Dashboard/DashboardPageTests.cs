using System.Globalization;
using System.Net;
using Patron.DuckDb;
using Patron.Features.Dashboard;
using Patron.Learning.Data;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Dashboard;

/// <summary>The dashboard in process (TestServer) over the demo shop's warehouse and run: every page answers, lists and
/// downloads agree with the run and with SQL written here.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardPageTests(DemoDashboardShop shop)
{
    private static readonly string[] Pages = ["/", "/customers", "/retention", "/funnel", "/models", "/cross-sell", "/compare", "/compare?lib=plotly"];

    private Task<ServedRun> Serve() => ServedRun.StartAsync(o => o with { Db = shop.Warehouse }, source: shop.RunFolder);

    [Fact]
    public async Task EveryPage_DemoShop_Answers200WithItsContent()
    {
        await using var served = await Serve();
        foreach (var page in Pages)
        {
            var response = await served.Client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("data-problem=", html, StringComparison.Ordinal);

            // The run's cross_sell stage mined rules over the customers' products; the demo shop's orders hold one line
            // each, so the rules table is drawn and the same-order pairs say there are none.
            Assert.Contains(page == "/cross-sell" ? "id=\"list-rules\"" : "data-chart=", html, StringComparison.Ordinal);
        }

        var id = new PredictionsFile(served.Folder).Cell(0, "customer_id");
        var customer = await served.Client.GetStringAsync("/customers/" + Uri.EscapeDataString(id));
        Assert.Contains($"<span id=\"customer-id\">{id}</span>", customer, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-orders\"", customer, StringComparison.Ordinal);
        Assert.Contains("id=\"features-table\"", customer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerTiming_RetentionAndCustomers_ListEachQueryAndTheRenderSummingToTheTotal()
    {
        await using var served = await Serve();
        foreach (var (page, queries) in new[]
        {
            ("/retention", new[] { "sql.cohorts_all", "sql.churn_bins", "sql.at_risk", "sql.breakdowns" }),
            ("/customers", new[] { "sql.segments", "sql.customers" }),
            ("/customers?segment=" + Uri.EscapeDataString(new PredictionsFile(served.Folder).Cell(0, "segment")), new[] { "sql.segments", "sql.customers" }),
        })
        {
            var response = await served.Client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("data-problem=", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var header = string.Join(", ", response.Headers.GetValues("Server-Timing"));
            var parts = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var metric in header.Split(", "))
            {
                var fields = metric.Split(';');
                Assert.True(fields.Length == 2 && fields[1].StartsWith("dur=", StringComparison.Ordinal), $"{page}: {metric} in {header}");
                parts.Add(fields[0], double.Parse(fields[1]["dur=".Length..], CultureInfo.InvariantCulture));
            }

            // Every query of the page, in the order the page runs them, then the render and the total.
            var names = parts.Keys.ToList();
            Assert.Equal(["open", "connect", .. queries, "render", "total"], names);
            Assert.All(parts.Values, d => Assert.True(d >= 0, header));
            Assert.All(queries, q => Assert.True(parts[q] > 0, $"{page}: {q} took no time in {header}"));
            var sum = parts.Where(p => p.Key != "total").Sum(p => p.Value);
            Assert.True(Math.Abs(sum - parts["total"]) <= 0.1 * names.Count, $"{page}: parts sum to {sum}, total {parts["total"]}: {header}");

            // The total is the server's own time, within the time the client waited for the answer.
            Assert.True(parts["total"] > 0, header);
        }

        // Pages that are not the dashboard's (the API) send no such header.
        var api = await served.Client.GetAsync("/health");
        Assert.False(api.Headers.Contains("Server-Timing"));
    }

    [Fact]
    public async Task EveryPage_TablesStoredByTheRun_AnswerWithoutBuilding()
    {
        // The run stored the dashboard's tables for its predictions in the warehouse: a build would wait for the gate,
        // held for the whole test, and pages do not wait; yet every page shows its figures at once.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var served = await ServedRun.StartAsync(o => o with { Db = shop.Warehouse, DashboardWait = TimeSpan.FromSeconds(30), DashboardBuildGate = gate.Task }, source: shop.RunFolder);
            foreach (var page in new[] { "/", "/customers", "/retention", "/funnel", "/cross-sell" })
            {
                var html = await served.Client.GetStringAsync(page);
                Assert.DoesNotContain("data-problem=", html, StringComparison.Ordinal);
                Assert.Contains(page == "/cross-sell" ? "id=\"list-rules\"" : "data-chart=", html, StringComparison.Ordinal);
            }

            Assert.Contains("data-kpi=\"revenue\"", await served.Client.GetStringAsync("/"), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/export/customers.csv")).StatusCode);
            Assert.False(gate.Task.IsCompleted);
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task EveryPage_WhileTheTablesAreBuilt_SaysSoAndDownloadsAnswer503WithRetryAfter()
    {
        // The stored tables' stamp is stale (a customer's row was ingested again after the run), so the server builds
        // its own; the build is held until the checks are done; pages and downloads do not wait for it.
        using var temp = new TempFolder();
        var warehouse = Path.Combine(temp.Path, "patron.duckdb");
        File.Copy(shop.Warehouse, warehouse);
        using (var connection = DuckDbConnection.Open(warehouse))
        {
            connection.Execute("UPDATE silver.customers SET _ingested_at = now()::TIMESTAMP WHERE customer_id = (SELECT min(customer_id) FROM silver.customers)");
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var served = await ServedRun.StartAsync(o => o with { Db = warehouse, DashboardWait = TimeSpan.Zero, DashboardBuildGate = gate.Task }, source: shop.RunFolder);
            foreach (var page in new[] { "/", "/customers", "/retention", "/funnel", "/cross-sell" })
            {
                var response = await served.Client.GetAsync(page);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var html = await response.Content.ReadAsStringAsync();
                Assert.Contains("data-problem=\"true\"", html, StringComparison.Ordinal);
                Assert.Contains("are being built from the warehouse", html, StringComparison.Ordinal);
                Assert.DoesNotContain("data-kpi=", html, StringComparison.Ordinal);
            }

            foreach (var download in new[] { "/export/customers.csv", "/export/customers.csv?segment=x", "/export/monthly.csv" })
            {
                var export = await served.Client.GetAsync(download);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, export.StatusCode);
                Assert.Equal(TimeSpan.FromSeconds(10), export.Headers.RetryAfter?.Delta);
                Assert.Equal("application/problem+json", export.Content.Headers.ContentType?.MediaType);
                Assert.Contains("being built", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // Once built, the same page shows the figures without the notice.
            gate.SetResult();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string overview;
            do
            {
                await Task.Delay(100);
                overview = await served.Client.GetStringAsync("/");
            }
            while (overview.Contains("data-problem=", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(120));

            Assert.DoesNotContain("data-problem=", overview, StringComparison.Ordinal);
            Assert.Contains("data-kpi=\"revenue\"", overview, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/export/customers.csv")).StatusCode);
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task EveryPage_WithoutWarehouse_Answers200AndSaysWhy()
    {
        await using var served = await ServedRun.StartAsync();
        foreach (var page in Pages.Append("/customers/C0000001").Append("/customers/nobody"))
        {
            var response = await served.Client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("No warehouse was given", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var models = await served.Client.GetStringAsync("/models");
        Assert.Contains("id=\"chart-churn-roc\"", models, StringComparison.Ordinal);
        var export = await served.Client.GetAsync("/export/customers.csv");
        Assert.Equal(HttpStatusCode.Conflict, export.StatusCode);
    }

    [Fact]
    public async Task Pages_BadFilter_Answer200WithTheErrorAndExports400()
    {
        await using var served = await Serve();
        var page = await served.Client.GetAsync("/?from=2025-02-30&segment=" + new string('x', 300));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("from must be a date as yyyy-MM-dd.", html, StringComparison.Ordinal);
        Assert.Contains("segment is longer than 200 characters", html, StringComparison.Ordinal);

        var export = await served.Client.GetAsync("/export/segments.csv?to=never");
        Assert.Equal(HttpStatusCode.BadRequest, export.StatusCode);
        Assert.Equal("application/problem+json", export.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await served.Client.GetAsync("/export/nothing.csv")).StatusCode);
    }

    [Fact]
    public async Task ExportCustomers_Segment_EqualsThePredictionsRowsOfThatSegment()
    {
        await using var served = await Serve();
        var predictions = CsvTable.ReadFile(Path.Combine(served.Folder, "predictions.csv"));
        var segment = predictions.Column("segment").GroupBy(s => s, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().Key;

        var csv = await served.Client.GetStringAsync("/export/customers.csv?segment=" + Uri.EscapeDataString(segment));
        var exported = CsvTable.Read(new StringReader(csv));

        Assert.Equal(predictions.Header, exported.Header);
        var expected = Enumerable.Range(0, predictions.RowCount).Where(r => predictions.Column("segment")[r] == segment).ToArray();
        Assert.Equal(expected.Length, exported.RowCount);
        for (var i = 0; i < expected.Length; i++)
        {
            foreach (var column in predictions.Header)
            {
                Assert.Equal(predictions.Column(column)[expected[i]], exported.Column(column)[i]);
            }
        }

        var all = CsvTable.Read(new StringReader(await served.Client.GetStringAsync("/export/customers.csv")));
        Assert.Equal(predictions.RowCount, all.RowCount);
    }

    [Fact]
    public async Task ExportLists_EveryList_HasTheRowsItsPageShows()
    {
        await using var served = await Serve();
        var html = await served.Client.GetStringAsync("/retention");
        var csv = CsvTable.Read(new StringReader(await served.Client.GetStringAsync("/export/at-risk.csv")));
        Assert.Contains($"id=\"list-at-risk\" data-rows=\"{csv.RowCount}\"", html, StringComparison.Ordinal);
        foreach (var id in csv.Column("customer_id"))
        {
            Assert.Contains($">{id}</a>", html, StringComparison.Ordinal);
        }

        foreach (var name in new[] { "monthly", "segments", "cohorts", "churn-bins", "breakdowns", "seasonality", "funnel-categories", "funnel-leaks" })
        {
            var response = await served.Client.GetAsync("/export/" + name + ".csv");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(CsvTable.Read(new StringReader(await response.Content.ReadAsStringAsync())).RowCount > 0, name);
        }
    }

    [Fact]
    public void Queries_SegmentAndRange_EqualSqlWrittenHere()
    {
        using var warehouse = DashboardWarehouse.Open(shop.Warehouse, Path.Combine(shop.RunFolder, "predictions.csv"));
        using var queries = warehouse.Connect();
        using var check = DuckDbConnection.Open(shop.Warehouse, new DuckDbConfig { ReadOnly = true });
        var predictions = Path.Combine(shop.RunFolder, "predictions.csv").Replace("'", "''", StringComparison.Ordinal);
        var segments = queries.Segments(new DashboardFilter { From = new DateOnly(2000, 1, 1), To = new DateOnly(2100, 1, 1) });
        Assert.True(segments.RowCount >= 3);
        var last = check.Scalar<DateTime>("SELECT max(ordered_at) FROM silver.orders");
        var to = DateOnly.FromDateTime(last);
        var from = to.AddMonths(-9);
        for (var row = 0; row < segments.RowCount; row++)
        {
            var segment = segments.Text(row, "segment")!;
            var filter = new DashboardFilter { From = from, To = to, Segment = segment };
            var kpis = queries.Kpis(filter);
            var current = Enumerable.Range(0, kpis.RowCount).Single(r => kpis.Text(r, "period") == "current");
            using var expected = check.Query($"""
                WITH members AS (SELECT customer_id FROM read_csv('{predictions}', all_varchar = true) WHERE segment = $1),
                picked AS (
                    SELECT o.order_id, o.customer_id, o.is_purchase FROM silver.orders o
                    WHERE o.customer_id IN (SELECT customer_id FROM members) AND (o.is_purchase OR o.is_cancellation)
                      AND CAST(o.ordered_at AS DATE) BETWEEN $2 AND $3)
                SELECT (SELECT count(*) FROM picked WHERE is_purchase) AS orders,
                       (SELECT count(DISTINCT customer_id) FROM picked WHERE is_purchase) AS active,
                       (SELECT CAST(coalesce(sum(CAST(l.line_amount AS DECIMAL(18, 6))), 0) AS DOUBLE)
                        FROM picked p JOIN silver.order_lines l ON l.order_id = p.order_id
                        WHERE NOT l.is_outlier AND (p.is_purchase OR l.line_amount < 0)) AS revenue,
                       (SELECT count(*) FROM members) AS members
                """, segment, from, to);
            Assert.Equal(expected["orders"].GetInt64(0), (long)kpis.Number(current, "orders"));
            Assert.Equal(expected["active"].GetInt64(0), (long)kpis.Number(current, "active_customers"));
            Assert.Equal(expected["revenue"].GetDouble(0), kpis.Number(current, "revenue"), 1e-6);
            Assert.Equal(expected["members"].GetInt64(0), (long)segments.Number(row, "customers"));

            var monthly = queries.Monthly(filter);
            var monthlyOrders = Enumerable.Range(0, monthly.RowCount).Sum(r => (long)monthly.Number(r, "orders"));
            Assert.Equal(expected["orders"].GetInt64(0), monthlyOrders);
        }
    }

    [Fact]
    public void Queries_CustomersPage_IsOnePageSortedWithTheTotal()
    {
        using var warehouse = DashboardWarehouse.Open(shop.Warehouse, Path.Combine(shop.RunFolder, "predictions.csv"));
        using var queries = warehouse.Connect();
        var filter = new DashboardFilter { From = new DateOnly(2000, 1, 1), To = new DateOnly(2100, 1, 1) };
        var first = queries.Customers(filter, "churn", 0, 25);
        var second = queries.Customers(filter, "churn", 25, 25);
        var predictions = new PredictionsFile(shop.RunFolder);
        Assert.Equal(25, first.RowCount);
        Assert.Equal(predictions.Count, (long)first.Number(0, "total"));
        var churn = Enumerable.Range(0, 25).Select(r => first.Number(r, "churn_probability")).Concat(Enumerable.Range(0, second.RowCount).Select(r => second.Number(r, "churn_probability"))).ToArray();
        Assert.Equal(churn.OrderByDescending(c => c).ToArray(), churn);
        var top = Enumerable.Range(0, predictions.Count).Max(r => double.Parse(predictions.Cell(r, "churn_probability"), CultureInfo.InvariantCulture));
        Assert.Equal(top, churn[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => queries.Customers(filter, "name; DROP", 0, 25));
    }

    [Fact]
    public void Queries_FunnelAndSeasonality_CountEventsAndOrders()
    {
        using var warehouse = DashboardWarehouse.Open(shop.Warehouse, Path.Combine(shop.RunFolder, "predictions.csv"));
        using var queries = warehouse.Connect();
        using var check = DuckDbConnection.Open(shop.Warehouse, new DuckDbConfig { ReadOnly = true });
        var filter = new DashboardFilter { From = new DateOnly(2000, 1, 1), To = new DateOnly(2100, 1, 1) };
        // The demo shop has web sessions and no click events: the funnel counts sessions.
        Assert.False(queries.HasEvents());
        Assert.True(queries.HasSessions());
        var funnel = queries.Funnel(filter, "category", 1000);
        var sessions = Enumerable.Range(0, funnel.RowCount).Sum(r => (long)funnel.Number(r, "sessions"));
        var purchases = Enumerable.Range(0, funnel.RowCount).Sum(r => (long)funnel.Number(r, "purchases"));
        Assert.Equal(check.Scalar<long>("SELECT count(*) FROM silver.sessions WHERE started_at IS NOT NULL"), sessions);
        Assert.Equal(check.Scalar<long>("SELECT count(*) FROM silver.sessions WHERE started_at IS NOT NULL AND purchased"), purchases);

        var seasons = queries.Seasonality(filter);
        foreach (var dimension in new[] { "month", "weekday", "hour" })
        {
            var orders = Enumerable.Range(0, seasons.RowCount).Where(r => seasons.Text(r, "dimension") == dimension).Sum(r => (long)seasons.Number(r, "orders"));
            Assert.Equal(check.Scalar<long>("SELECT count(*) FROM silver.orders WHERE is_purchase AND customer_id IS NOT NULL"), orders);
        }
    }
}
