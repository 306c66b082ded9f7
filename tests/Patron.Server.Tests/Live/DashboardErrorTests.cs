using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Patron.Server.Dashboard;
using Patron.Server.Hosting;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Live;

/// <summary>The dashboard never answers bad input with a bare 500: filter values it cannot use are a 400 problem for
/// downloads and a message on pages; a real server fault is an error page, logged without what the request held.</summary>
public sealed class DashboardErrorTests(LiveShop shop) : IClassFixture<LiveShop>
{
    public static TheoryData<string, string> BadFilters => new()
    {
        { "segment=Nobody", "segment 'Nobody' is not one of the segments" },
        { "country=Atlantis", "country 'Atlantis' is not one of the countries" },
        { "from=2025-02-30", "from must be a date as yyyy-MM-dd." },
        { "from=2026-05-01&to=2026-04-01", "from must be on or before to" },
        { "from=0001-01-01", "from must lie between 1900-01-01 and 2999-12-31." },
    };

    [Theory]
    [MemberData(nameof(BadFilters))]
    public async Task BadFilter_Exports400ProblemAndPagesSayWhy(string query, string error)
    {
        await using var run = await shop.ServeAsync();
        foreach (var export in new[] { "/export/customers.csv?", "/export/monthly.csv?", "/export/at-risk.csv?" })
        {
            var response = await run.Client.GetAsync(export + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains(problem.RootElement.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains(error, StringComparison.Ordinal));
        }

        foreach (var page in new[] { "/?", "/customers?", "/retention?", "/funnel?", "/cross-sell?" })
        {
            var response = await run.Client.GetAsync(page + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Contains(error, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PredictionsFileRewritten_CustomerDownloadIs409UntilTheFileIsBack()
    {
        await using var run = await shop.ServeAsync();
        var before = await run.Client.GetAsync("/export/customers.csv");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var served = await before.Content.ReadAsStringAsync();

        // A new run writing predictions.csv into the served folder: the download reads the file, the tables are the
        // old run's, so the two would not match.
        var file = Path.Combine(run.Folder, "predictions.csv");
        var bytes = await File.ReadAllBytesAsync(file);
        var written = File.GetLastWriteTimeUtc(file);
        await File.WriteAllBytesAsync(file, bytes[..^1]);
        var changed = await run.Client.GetAsync("/export/customers.csv");
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Equal("application/problem+json", changed.Content.Headers.ContentType!.MediaType);
        Assert.Contains("predictions.csv", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        File.Delete(file);
        Assert.Equal(HttpStatusCode.Conflict, (await run.Client.GetAsync("/export/customers.csv")).StatusCode);

        // The same bytes and time again: the download is what it was.
        await File.WriteAllBytesAsync(file, bytes);
        File.SetLastWriteTimeUtc(file, written);
        var again = await run.Client.GetAsync("/export/customers.csv");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(served, await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task QueryFails_PageIsAnErrorPageAndTheLogHoldsNoMessage()
    {
        var logs = new LogSink();
        await using var run = await shop.ServeAsync(logs: logs);
        Assert.Equal(HttpStatusCode.OK, (await run.Client.GetAsync("/")).StatusCode);

        // The warm-up's passes are over (the second follows the live rows' read), so the faults below are this test's own.
        await Dashboard.DashboardWarmupTests.WaitWarmAsync(run.Client);
        await Dashboard.DashboardWarmupTests.WaitWarmedAgainAsync(run.App.Services.GetRequiredService<DashboardWarmup>());

        // Break the dashboard's table under the server, as a fault of the storage would: the per-day sums, which the
        // overview reads with or without a customer filter.
        var opened = run.App.Services.GetRequiredService<DashboardSource>().For(run.Holder.Current!, TimeSpan.FromMinutes(5));
        using (var connection = run.App.Services.GetRequiredService<WarehouseInstance>().Connect())
        {
            connection.Execute($"DROP TABLE {opened.Warehouse.Tables}daily");
        }

        var page = await run.Client.GetAsync("/?segment=" + Uri.EscapeDataString(opened.Choices.Segments[0]));
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("The page could not be drawn", html, StringComparison.Ordinal);
        Assert.Contains("id=\"error-reference\"", html, StringComparison.Ordinal);

        var export = await run.Client.GetAsync("/export/monthly.csv");
        Assert.Equal(HttpStatusCode.InternalServerError, export.StatusCode);
        Assert.Equal("application/problem+json", export.Content.Headers.ContentType!.MediaType);

        var faults = logs.Messages.Where(m => m.StartsWith(ErrorResponses.Category, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, faults.Count);
        Assert.All(faults, m => Assert.Contains("Patron.DuckDb.DuckDbException", m, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("does not exist", StringComparison.Ordinal)
            || m.Contains(opened.Choices.Segments[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExportCustomers_NoPredictionsFile_404Problem()
    {
        // Removed before the server starts: it builds the dashboard's tables from the run folder as soon as it loads.
        await using var run = await shop.ServeAsync(options =>
        {
            File.Delete(Path.Combine(options.RunFolder, "predictions.csv"));
            return options;
        });
        var response = await run.Client.GetAsync("/export/customers.csv");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no predictions.csv", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await run.Client.GetAsync("/export/monthly.csv")).StatusCode);
    }
}
