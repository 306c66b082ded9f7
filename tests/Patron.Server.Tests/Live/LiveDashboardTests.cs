using System.Globalization;
using System.Net;
using Patron.Learning.Data;

namespace Patron.Server.Tests.Live;

/// <summary>The dashboard of a server taking events reads through the live writer's DuckDB instance: events show as soon
/// as their batch is stored (its state at the status URL), and pages keep answering while events are written.</summary>
public sealed class LiveDashboardTests(LiveShop shop) : IClassFixture<LiveShop>
{
    private const string Customer = "C0000002";
    private const string November = "from=2026-11-01&to=2026-11-30";

    [Fact]
    public async Task PostOrder_PagesAndExports_SeeItWithoutARestart()
    {
        await using var run = await shop.ServeAsync();
        var page = await run.Client.GetStringAsync("/customers/" + Customer);
        Assert.DoesNotContain("live-dash-1", page, StringComparison.Ordinal);
        var before = NovemberRevenue(await run.Client.GetStringAsync("/export/monthly.csv?" + November));
        var overviewBefore = await run.Client.GetStringAsync("/?" + November);

        var posted = await EventEndpointsTests.Post(run.Client, EventEndpointsTests.Order("live-dash-1", Customer, "2026-11-20T10:00:00Z", "P00001"));
        Assert.Equal(202, posted.Status);
        Assert.Equal("stored", (await EventEndpointsTests.Settled(run.Client, posted.Body)).GetProperty("status").GetString());

        // Two units at 12.50 less a discount of 1: 24 more revenue in November, on the customer's timeline once stored.
        Assert.Contains("live-dash-1", await run.Client.GetStringAsync("/customers/" + Customer), StringComparison.Ordinal);
        Assert.Equal(before + 24.0, NovemberRevenue(await run.Client.GetStringAsync("/export/monthly.csv?" + November)), 6);
        var overviewAfter = await run.Client.GetStringAsync("/?" + November);
        Assert.NotEqual(overviewBefore, overviewAfter);
        Assert.Contains("2026-11", overviewAfter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesDuringEventPosts_AllAnswer()
    {
        await using var run = await shop.ServeAsync();
        var pages = new[] { "/", "/customers", "/retention", "/funnel", "/customers/" + Customer, "/export/customers.csv", "/export/monthly.csv" };
        var posts = Enumerable.Range(0, 12).Select(i => EventEndpointsTests.Post(run.Client, EventEndpointsTests.Order(
            "live-c-" + i.ToString(CultureInfo.InvariantCulture), Customer, $"2026-11-{10 + i:00}T09:00:00Z", "P00001")));
        var reads = Enumerable.Range(0, 3).SelectMany(_ => pages).Select(p => run.Client.GetAsync(p));

        var posted = Task.WhenAll(posts);
        var read = await Task.WhenAll(reads);
        var answers = await posted;
        Assert.All(answers, p => Assert.Equal(202, p.Status));
        foreach (var answer in answers)
        {
            await EventEndpointsTests.Settled(run.Client, answer.Body);
        }

        foreach (var response in read)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var timeline = await run.Client.GetStringAsync("/customers/" + Customer);
        Assert.Contains("live-c-11", timeline, StringComparison.Ordinal);
    }

    private static double NovemberRevenue(string csv)
    {
        var table = CsvTable.Read(new StringReader(csv));
        var months = table.Column("month");
        for (var r = 0; r < table.RowCount; r++)
        {
            if (months[r] == "2026-11")
            {
                return double.Parse(table.Column("revenue")[r], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
