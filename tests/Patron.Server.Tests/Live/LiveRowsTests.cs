using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Patron.Server.Live;
using static Patron.Server.Tests.Live.EventEndpointsTests;

namespace Patron.Server.Tests.Live;

/// <summary>The update path of a serving server: events of today are computed from the rows held in memory
/// (docs/live.md, "Rows in memory"), not by reading the warehouse.</summary>
public sealed class LiveRowsTests(LiveShop shop) : IClassFixture<LiveShop>
{
    private const string Customer = "C0000003";

    [Fact]
    public async Task Post_OrdersOfToday_UpdatesReadTheRowsInMemoryNotTheWarehouse()
    {
        await using var run = await shop.ServeAsync();
        var live = run.App.Services.GetRequiredService<LiveService>();

        // Events of now give the live as-of date the rows were read for at start (the day after today): every update
        // must come from those rows. Minutes back, so the orders stay before the check time.
        var now = DateTime.UtcNow;
        var tomorrow = DateOnly.FromDateTime(now).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var first = await Post(run.Client, Order("rows-a", Customer, Time(now.AddMinutes(-2)), "P00001"));
        Assert.Equal(202, first.Status);
        // The profile moves from the run's cutoff to tomorrow (the shop's own orders since the cutoff count too).
        var once = await WaitFor(run.Client, Customer, p => p.GetProperty("as_of").GetString() == tomorrow);
        // The profile may show the order before the warehouse holds it (the fast path): the update from the warehouse's
        // rows is what this test judges, so it waits for it.
        await Settled(run.Client, first.Body);
        await Until(() => live.UpdatesFromRows + live.UpdatesFromWarehouse >= 1);
        var second = await Post(run.Client, Order("rows-b", Customer, Time(now.AddMinutes(-1)), "P00002"));
        Assert.Equal(202, second.Status);
        var twice = await WaitFor(run.Client, Customer, p => Orders(p) == Orders(once) + 1);
        await Settled(run.Client, second.Body);
        await Until(() => live.UpdatesFromRows + live.UpdatesFromWarehouse >= 2);
        if (DateOnly.FromDateTime(DateTime.UtcNow) != DateOnly.FromDateTime(now))
        {
            // Midnight passed during the test: the rows of the old day no longer fit, which this test does not judge.
            return;
        }

        Assert.Equal(0, live.UpdatesFromWarehouse);
        Assert.True(live.UpdatesFromRows >= 2, $"{live.UpdatesFromRows} update(s) from the rows in memory");
        // The second order counts once, with its amount (2 × 12.5 − 1).
        Assert.Equal(once.GetProperty("features").GetProperty("net_revenue").GetDouble() + 24.0,
            twice.GetProperty("features").GetProperty("net_revenue").GetDouble(), 9);

        // A session event makes silver be resolved in full: the rows no longer fit until read again, and the update
        // meanwhile reads the warehouse, which the count shows (so the count above can tell the two paths apart).
        var session = $$"""{"sessions": [{"session_id": "rows-s1", "customer_id": "{{Customer}}", "started_at": "{{Time(now.AddMinutes(-1))}}", "duration_sec": 300, "page_views": 4, "product_id": "P00001", "purchased": false}]}""";
        Assert.Equal(202, (await Post(run.Client, session)).Status);
        var sessions = twice.GetProperty("features").GetProperty("session_count").GetDouble();
        await WaitFor(run.Client, Customer, p => p.GetProperty("features").GetProperty("session_count").GetDouble() == sessions + 1);
        Assert.True(live.UpdatesFromWarehouse >= 1, "the update after a full resolution read the warehouse");
    }

    private static async Task Until(Func<bool> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the update did not come");
            await Task.Delay(20);
        }
    }

    private static string Time(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
