using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Patron.Server.Dashboard;
using Patron.Server.Live;
using Patron.Server.Tests.Live;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Dashboard;

/// <summary>After a start the dashboard's default pages are requested once in process before anyone asks for them:
/// <c>/ready</c> says when, the first request from outside finds them done and gets the same answer the warm-up got.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardWarmupTests(DemoDashboardShop shop)
{
    [Fact]
    public async Task FirstRequest_AfterReadySaysWarm_IsServedAfterEveryDefaultPageRanItsQueriesOnce()
    {
        await using var served = await ServedRun.StartAsync(o => o with { Db = shop.Warehouse }, source: shop.RunFolder);
        await WaitWarmAsync(served.Client);
        var warmed = served.App.Services.GetRequiredService<DashboardWarmup>().Warmed;

        // Every default page, each sort of the customer list and the run's first customer, in that order, all answered.
        var first = served.Holder.Current!.Customers.Ids.IdAt(0);
        Assert.Equal([.. DashboardWarmup.Pages, "/customers/" + Uri.EscapeDataString(first)], warmed.Select(p => p.Path));
        Assert.All(warmed, p => Assert.True(p.Status == 200 && p.Bytes > 0, $"{p.Path}: {p.Status}, {p.Bytes} bytes"));

        // Each page that reads the warehouse ran its queries (the run folder's pages, /models, need none).
        Assert.All(warmed.Where(p => p.Path != "/models"), p => Assert.Contains("sql.", p.Timing ?? "", StringComparison.Ordinal));

        // The first requests from outside: the same page as the warm-up rendered (it changed nothing), with the same
        // queries in the same order.
        foreach (var page in new[] { "/customers?sort=revenue", "/", "/retention" })
        {
            using var response = await served.Client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsByteArrayAsync();
            var before = warmed.Single(p => p.Path == page);
            Assert.Equal(before.Digest, DashboardWarmup.Digest(body));
            Assert.Equal(Queries(before.Timing!), Queries(string.Join(", ", response.Headers.GetValues("Server-Timing"))));
        }
    }

    [Fact]
    public async Task Warmup_OnceLiveRowsAreInMemory_RequestsEveryPageAgain()
    {
        await using var served = await ServedRun.StartAsync(o => o with { Db = shop.Warehouse }, source: shop.RunFolder);
        await WaitWarmAsync(served.Client);
        var warmup = served.App.Services.GetRequiredService<DashboardWarmup>();
        var live = served.App.Services.GetRequiredService<LiveService>();
        await WaitWarmedAgainAsync(warmup);

        // Only after the live worker read its rows (through the same instance), every page again; the figures' pages give the
        // same answers as the first time.
        Assert.True(live.Ready.IsCompletedSuccessfully);
        var first = warmup.Warmed;
        Assert.Equal(first.Select(p => p.Path), warmup.WarmedAgain.Select(p => p.Path));
        Assert.All(warmup.WarmedAgain, p => Assert.True(p.Status == 200 && p.Bytes > 0, $"{p.Path}: {p.Status}, {p.Bytes} bytes"));
        foreach (var page in new[] { "/customers?sort=revenue", "/", "/retention" })
        {
            Assert.Equal(first.Single(p => p.Path == page).Digest, warmup.WarmedAgain.Single(p => p.Path == page).Digest);
        }

        Assert.Equal("warm", (await Json.GetAsync(served.Client, "/ready")).Body.GetProperty("dashboard").GetString());
    }

    [Fact]
    public async Task Warmup_WithoutWarehouse_IsOffAndReadyAnswersAtOnce()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.GetAsync(served.Client, "/ready");
        Assert.Equal(200, status);
        Assert.Equal("off", body.GetProperty("dashboard").GetString());
        Assert.Empty(served.App.Services.GetRequiredService<DashboardWarmup>().Warmed);
    }

    /// <summary>Polls <c>/ready</c>, which answers for the API while the dashboard is still preparing, until the
    /// dashboard is warm.</summary>
    internal static async Task WaitWarmAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var (status, body) = await Json.GetAsync(client, "/ready");
            Assert.Equal(200, status);
            var state = body.GetProperty("dashboard").GetString();
            Assert.Contains(state, new[] { "preparing", "warm" });
            if (state == "warm")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the dashboard did not get warm in 5 minutes");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the warm-up's second pass, once the live rows are in memory, has requested every page.</summary>
    internal static async Task WaitWarmedAgainAsync(DashboardWarmup warmup)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (warmup.WarmedAgain.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the pages were not requested again in 5 minutes");
            await Task.Delay(50);
        }
    }

    private static List<string> Queries(string timing) =>
        [.. timing.Split(", ").Select(m => m.Split(';')[0]).Where(n => n.StartsWith("sql.", StringComparison.Ordinal))];
}

/// <summary>With an API key file and live events the warm-up signs itself in as the sign-in form would, through the
/// writer's shared instance, and opens nothing to others.</summary>
public sealed class DashboardWarmupSignInTests(LiveShop shop) : IClassFixture<LiveShop>, IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Warmup_WithApiKeys_RendersEveryPageWhilePagesStillNeedAKey()
    {
        var keys = _temp.File("keys.txt");
        File.WriteAllLines(keys, ["read team warm-read-key-0123456789"]);
        await using var run = await shop.ServeAsync(o => o with { ApiKeyFile = keys });
        await DashboardWarmupTests.WaitWarmAsync(run.Client);
        var warmed = run.App.Services.GetRequiredService<DashboardWarmup>().Warmed;
        Assert.Equal(DashboardWarmup.Pages.Count + 1, warmed.Count);
        Assert.All(warmed, p => Assert.True(p.Status == 200, $"{p.Path}: {p.Status}"));

        using var page = await run.Client.GetAsync("/customers");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    public void Dispose() => _temp.Dispose();
}
