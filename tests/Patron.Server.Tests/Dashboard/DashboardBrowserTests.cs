using System.Globalization;
using Microsoft.Playwright;
using Patron.DuckDb;
using Patron.Learning.Data;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Dashboard;

/// <summary>Opens every dashboard page in headless Chromium (Debian's /usr/bin/chromium) through Playwright on the demo
/// shop and on an Online Retail-format export: no console errors, every chart drawn, the filter changes the figures as
/// SQL written here computes them, downloads equal the lists, customer links lead to the 360 page. Screenshots go to
/// PATRON_SCREENSHOT_DIR (kept by .ci/run).</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DemoDashboardShop demo, RetailDashboardShop retail, ExperimentDashboardShop experiments)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] Pages = ["/", "/customers", "/retention", "/funnel", "/models", "/cross-sell", "/experiments"];

    [Fact]
    public Task Dashboard_DemoShopInChromium_EveryPageDrawsAndTheFilterAgreesWithSql() => Check(demo);

    [Fact]
    public Task Dashboard_OnlineRetailExportInChromium_EveryPageDrawsAndTheFilterAgreesWithSql() => Check(retail);

    private static async Task Check(DashboardShop shop)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        await using var served = await ServedRun.StartAsync(o => o with { Db = shop.Warehouse }, source: shop.RunFolder, kestrel: true);
        var root = served.Client.BaseAddress!.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        Patient(page);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.RequestFailed += (_, request) => errors.Add("failed to load " + request.Url);

        foreach (var path in Pages)
        {
            var response = await page.GotoAsync(root + path);
            Assert.Equal(200, response!.Status);
            await ChartsDrawn(page, path);
            await Screenshot(page, shop, path);
        }

        // The filter, chosen in the form as a person would: the largest segment.
        await page.GotoAsync(root + "/");
        var predictions = CsvTable.ReadFile(Path.Combine(served.Folder, "predictions.csv"));
        var segment = predictions.Column("segment").GroupBy(s => s, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().Key;
        var before = await Tile(page, "revenue");
        await page.GetByLabel("Segment", new() { Exact = true }).SelectOptionAsync(segment);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Arrived(page, "segment=");
        var from = DateOnly.ParseExact(await page.GetByLabel("From", new() { Exact = true }).InputValueAsync(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = DateOnly.ParseExact(await page.GetByLabel("To", new() { Exact = true }).InputValueAsync(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (orders, revenue) = Expected(shop.Warehouse, Path.Combine(served.Folder, "predictions.csv"), segment, from, to);
        Assert.Equal(orders, await Tile(page, "orders"));
        Assert.Equal(revenue, await Tile(page, "revenue"), 1e-6);
        Assert.NotEqual(before, await Tile(page, "revenue"));
        await ChartsDrawn(page, "/ (filtered)");

        // The customers of the segment: the list's total and first page against the download.
        await page.GetByRole(AriaRole.Link, new() { Name = "Customers", Exact = true }).First.ClickAsync();
        await Arrived(page, "/customers?");
        Assert.Contains("segment=", page.Url, StringComparison.Ordinal);
        var total = long.Parse((await page.Locator("[data-total]").GetAttributeAsync("data-total"))!, CultureInfo.InvariantCulture);
        var href = await page.Locator("a.export").First.GetAttributeAsync("href");
        var download = await page.APIRequest.GetAsync(root + href);
        Assert.Equal(200, download.Status);
        var csv = CsvTable.Read(new StringReader(await download.TextAsync()));
        Assert.Equal(total, csv.RowCount);
        Assert.All(csv.Column("segment"), s => Assert.Equal(segment, s));
        var shown = await page.Locator("#customer-list a.customer").AllInnerTextsAsync();
        Assert.Equal(Math.Min(50, csv.RowCount), shown.Count);
        Assert.Subset(csv.Column("customer_id").ToHashSet(StringComparer.Ordinal), shown.ToHashSet(StringComparer.Ordinal));
        await Screenshot(page, shop, "/customers (filtered)");

        // A customer link leads to the 360 page.
        var id = shown[0];
        await page.Locator("#customer-list a.customer").First.ClickAsync();
        await Arrived(page, "/customers/");
        Assert.Equal(id, await page.Locator("#customer-id").InnerTextAsync());
        await ChartsDrawn(page, "/customers/{id}");
        Assert.True(await page.Locator("#features-table tr[data-feature]").CountAsync() > 10, "the 360 page lists the customer's features");
        await Screenshot(page, shop, "/customers/id");
        await FitsPhone(page, "/customers/{id}");

        // Phone width: the overview still lays out its charts within the screen.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(root + "/");
        await ChartsDrawn(page, "/ (phone)");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 400, $"the overview is {width} px wide on a 390 px screen");
        await Screenshot(page, shop, "/ (phone)");
        await page.GotoAsync(root + "/experiments");
        await FitsPhone(page, "/experiments (empty)");

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Experiments_LapsingTestInChromium_DrawsTheIntervalsAndQiniCurvesWithTheFilesNumbers()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        await using var served = await ServedRun.StartAsync(o => o with { Db = demo.Warehouse, Experiments = experiments.Folder }, source: demo.RunFolder, kestrel: true);
        var root = served.Client.BaseAddress!.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } })).NewPageAsync();
        Patient(page);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.RequestFailed += (_, request) => errors.Add("failed to load " + request.Url);

        // Reached from the navigation, as a person would.
        await page.GotoAsync(root + "/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Experiments", Exact = true }).ClickAsync();
        await Arrived(page, "/experiments");
        await ChartsDrawn(page, "/experiments");
        Assert.Equal(1 + 2, await page.Locator(".plot[data-chart]").CountAsync());

        using var analysis = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(experiments.Folder, "analysis.json")));
        foreach (var m in analysis.RootElement.GetProperty("metrics").EnumerateArray())
        {
            var row = page.Locator($"#analysis-1-metrics tr[data-metric={m.GetProperty("metric").GetString()}]");
            foreach (var field in new[] { "relative_lift", "p_value_holm", "p_value_always_valid" })
            {
                Assert.Equal(ExperimentsPageTests.Exact(m.GetProperty(field)), await row.Locator($"[data-field={field}]").GetAttributeAsync("data-value"));
            }
        }

        var verdict = analysis.RootElement.GetProperty("verdict").GetString()!;
        Assert.Equal(verdict, (await page.Locator("[data-verdict]").InnerTextAsync()).Trim());

        // The chart's table toggle opens with the keyboard and holds the same intervals.
        var toggle = page.Locator("#chart-analysis-1-lift summary");
        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.Locator("#chart-analysis-1-lift table").IsVisibleAsync());
        foreach (var m in analysis.RootElement.GetProperty("metrics").EnumerateArray())
        {
            var cells = await page.Locator("#chart-analysis-1-lift tbody tr").Filter(new() { Has = page.Locator($"th:text-is('{m.GetProperty("metric").GetString()}')") }).Locator("td").AllInnerTextsAsync();
            var expected = new[] { "relative_ci_low", "relative_lift", "relative_ci_high" }
                .Select(f => m.GetProperty(f) is { ValueKind: System.Text.Json.JsonValueKind.Number } v ? (v.GetDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–");
            Assert.Equal(expected, cells);
        }

        using var uplift = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(experiments.Folder, "uplift.json")));
        foreach (var metric in uplift.RootElement.GetProperty("metrics").EnumerateArray())
        {
            var name = metric.GetProperty("metric").GetString();
            foreach (var learner in metric.GetProperty("learners").EnumerateArray())
            {
                var row = page.Locator($"#uplift-1-{name}-learners tr[data-learner={learner.GetProperty("learner").GetString()}]");
                Assert.Equal(ExperimentsPageTests.Exact(learner.GetProperty("qini")), await row.Locator("[data-field=qini]").GetAttributeAsync("data-value"));
            }
        }

        await Screenshot(page, experiments.Name, "/experiments");
        await FitsPhone(page, "/experiments");
        Assert.Empty(errors);
    }

    private static async Task FitsPhone(IPage page, string where)
    {
        var viewport = page.ViewportSize;
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await ChartsDrawn(page, where + " (phone)");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var wide = await page.EvaluateAsync<string>("""
            Array.from(document.querySelectorAll('body *'))
              .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement.closest('.mud-table-container, .scroll, pre, .plot'))
              .slice(0, 6).map(e => e.tagName + '.' + e.className + '#' + e.id).join(' | ')
            """);
        Assert.True(width <= 400, $"{where} is {width} px wide on a 390 px screen: {wide}");
        if (viewport is not null)
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        }
    }

    /// <summary>The suite runs beside eight other test assemblies on two cores, where a cold page with its chart script
    /// can take longer than Playwright's default 30 s; the waits below stay bounded but allow for that.</summary>
    private static void Patient(IPage page)
    {
        page.SetDefaultTimeout(90_000);
        page.SetDefaultNavigationTimeout(120_000);
    }

    /// <summary>Waits until a click's navigation has reached a URL containing <paramref name="part"/> and that document has
    /// loaded. The URL is polled rather than awaited as a navigation event, so a navigation that commits before the wait
    /// begins cannot be missed; the load is checked in the new document itself.</summary>
    private static async Task Arrived(IPage page, string part)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(part)), new() { Timeout = 120_000 });
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new() { Timeout = 120_000, PollingInterval = 100 });
    }

    private static async Task ChartsDrawn(IPage page, string where)
    {
        var plots = page.Locator(".plot[data-chart]");
        var count = await plots.CountAsync();
        for (var i = 0; i < count; i++)
        {
            var plot = plots.Nth(i);
            await Assertions.Expect(plot).ToHaveAttributeAsync("data-drawn", "true", new() { Timeout = 60_000 });
            var box = await plot.BoundingBoxAsync();
            Assert.True(box is { Width: > 100, Height: > 100 }, $"a chart of {where} is not laid out");
            Assert.True(await plot.Locator("svg path").CountAsync() > 0, $"a chart of {where} draws nothing");
        }
    }

    private static async Task<double> Tile(IPage page, string kpi) =>
        double.Parse((await page.Locator($"[data-kpi={kpi}]").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);

    /// <summary>Purchases and net revenue of the segment's customers between the days, written apart from the dashboard's
    /// queries.</summary>
    private static (long Orders, double Revenue) Expected(string warehouse, string predictions, string segment, DateOnly from, DateOnly to)
    {
        using var check = DuckDbConnection.Open(warehouse, new DuckDbConfig { ReadOnly = true });
        using var result = check.Query($"""
            WITH members AS (SELECT customer_id FROM read_csv('{predictions.Replace("'", "''", StringComparison.Ordinal)}', all_varchar = true) WHERE segment = $1),
            picked AS (
                SELECT o.order_id, o.is_purchase FROM silver.orders o
                WHERE o.customer_id IN (SELECT customer_id FROM members) AND (o.is_purchase OR o.is_cancellation)
                  AND CAST(o.ordered_at AS DATE) BETWEEN $2 AND $3)
            SELECT (SELECT count(*) FROM picked WHERE is_purchase) AS orders,
                   (SELECT CAST(coalesce(sum(CAST(l.line_amount AS DECIMAL(18, 6))), 0) AS DOUBLE)
                    FROM picked p JOIN silver.order_lines l ON l.order_id = p.order_id
                    WHERE NOT l.is_outlier AND (p.is_purchase OR l.line_amount < 0)) AS revenue
            """, segment, from, to);
        return (result["orders"].GetInt64(0), result["revenue"].GetDouble(0));
    }

    private static Task Screenshot(IPage page, DashboardShop shop, string path) => Screenshot(page, shop.Name, path);

    private static async Task Screenshot(IPage page, string shop, string path)
    {
        var folder = Environment.GetEnvironmentVariable("PATRON_SCREENSHOT_DIR") ?? Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var name = new string(path.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(folder, $"dashboard-{shop}-{(name.Length == 0 ? "overview" : name)}.png"),
            FullPage = true,
        });
    }
}
