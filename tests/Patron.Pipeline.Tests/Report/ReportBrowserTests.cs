using Microsoft.Playwright;
using Patron.Demo;
using Patron.Pipeline.Report;

namespace Patron.Pipeline.Tests.Report;

/// <summary>Opens the report in headless Chromium (Debian's /usr/bin/chromium) through Playwright, as a reader would.</summary>
public sealed class ReportBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "patron-report-browser", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Report_InChromium_HasNoConsoleErrorsAndShowsEveryChart()
    {
        SampleRunFolder.Write(_folder);
        var report = ReportWriter.Write(_folder);

        var listed = await OpenAndCheck(report, "report.png");

        Assert.Equal(ReportWriterTests.ExpectedCharts().Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Report_OnlineRetailExportInChromium_HasNoConsoleErrorsAndShowsItsCharts()
    {
        // A source other than the demo shop: no customers file, no channels, no sessions; cancellations and postage lines.
        var shop = DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = Path.Combine(_folder, "shop"), Customers = 1_500, Seed = 21, Format = DemoShopFormat.OnlineRetail,
        });
        var summary = new PipelineRunner(new PipelineOptions
        {
            Source = "online-retail",
            Input = Path.Combine(shop.OutputDirectory, DemoShopGenerator.OnlineRetailFile),
            OutputDirectory = Path.Combine(_folder, "run"),
            Tasks = ["churn", "repeat", "high_value", "clv"],
            BoostingRounds = 40,
        }).Run();

        var listed = await OpenAndCheck(Path.Combine(summary.RunFolder, "report.html"), "report-online-retail.png");

        Assert.Subset(listed.ToHashSet(StringComparer.Ordinal),
            new HashSet<string>(["chart-revenue", "chart-cohorts", "chart-segments-size", "chart-churn-roc", "chart-clv-gains"], StringComparer.Ordinal));
    }

    /// <summary>Opens the report in Chromium, checks every chart it lists is laid out and draws, that nothing logged
    /// an error or failed to load, saves a screenshot, and returns the listed chart ids.</summary>
    private static async Task<string[]> OpenAndCheck(string report, string screenshot)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        var failedRequests = new List<string>();
        page.RequestFailed += (_, request) => failedRequests.Add(request.Url);

        await page.GotoAsync(new Uri(report).AbsoluteUri);

        var listed = (await page.GetAttributeAsync("meta[name=patron-charts]", "content"))!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var id in listed)
        {
            var chart = page.Locator($"svg.chart#{id}");
            Assert.Equal(1, await chart.CountAsync());
            var box = await chart.BoundingBoxAsync();
            Assert.True(box is { Width: > 100, Height: > 40 }, $"chart {id} is not laid out visibly");
            Assert.True(await chart.Locator("rect, polyline, circle").CountAsync() > 0, $"chart {id} draws nothing");
        }

        var screenshots = Environment.GetEnvironmentVariable("PATRON_SCREENSHOT_DIR") ?? Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, screenshot), FullPage = true });
        Assert.Empty(errors);
        Assert.Empty(failedRequests);
        return listed;
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
