using Microsoft.Playwright;
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
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        SampleRunFolder.Write(_folder);
        var report = ReportWriter.Write(_folder);

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
        Assert.Equal(ReportWriterTests.ExpectedCharts().Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
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
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "report.png"), FullPage = true });
        Assert.Empty(errors);
        Assert.Empty(failedRequests);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
