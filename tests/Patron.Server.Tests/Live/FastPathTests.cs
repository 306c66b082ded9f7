using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Patron.Server.Live;
using Patron.Server.Tests.Support;
using static Patron.Server.Tests.Live.EventEndpointsTests;

namespace Patron.Server.Tests.Live;

/// <summary>The fast path of a serving server (docs/live.md, "The fast path"): a posted order whose silver outcome is
/// certain shows in its customer's profile before the warehouse takes it (the warehouse's side is held here), and the
/// profile the warehouse's path computes afterwards is the same.</summary>
public sealed class FastPathTests(LiveShop shop) : IClassFixture<LiveShop>
{
    [Fact]
    public async Task Post_CertainOrder_VisibleBeforeTheWarehouseTakesIt_ThenTheSameFromTheWarehouse()
    {
        const string customer = "C0000007";
        await using var run = await shop.ServeAsync();
        var live = run.App.Services.GetRequiredService<LiveService>();
        var now = DateTime.UtcNow;
        var tomorrow = DateOnly.FromDateTime(now).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // A first order, stored, gives the live profile of tomorrow's as-of.
        var first = await Post(run.Client, Order("fast-a", customer, Time(now.AddMinutes(-3)), "P00001"));
        Assert.Equal("stored", (await Settled(run.Client, first.Body)).GetProperty("status").GetString());
        var once = await WaitFor(run.Client, customer, p => p.GetProperty("as_of").GetString() == tomorrow);

        // With the warehouse's side held, the next order shows all the same.
        live.CommitGate.Reset();
        try
        {
            var applied = live.FastApplied;
            var second = await Post(run.Client, Order("fast-b", customer, Time(now.AddMinutes(-2)), "P00002"));
            Assert.Equal(202, second.Status);
            var fast = await WaitFor(run.Client, customer, p => Orders(p) == Orders(once) + 1, TimeSpan.FromSeconds(20));
            var (_, state) = await Json.GetAsync(run.Client, second.Body.GetProperty("status_url").GetString()!);
            Assert.Equal("accepted", state.GetProperty("status").GetString());
            Assert.True(live.FastApplied > applied);
            Assert.Equal(once.GetProperty("features").GetProperty("net_revenue").GetDouble() + 24.0,
                fast.GetProperty("features").GetProperty("net_revenue").GetDouble(), 9);

            var fromRows = live.UpdatesFromRows;
            live.CommitGate.Set();
            Assert.Equal("stored", (await Settled(run.Client, second.Body)).GetProperty("status").GetString());
            await Until(() => live.UpdatesFromRows > fromRows);
            var stored = await Profile(run.Client, customer);
            if (DateOnly.FromDateTime(DateTime.UtcNow) != DateOnly.FromDateTime(now))
            {
                return; // Midnight passed: another as-of, which this test does not judge.
            }

            // The warehouse's rows give the very profile the fast path gave: features, scores, reasons, as-of.
            Assert.Equal(fast.GetRawText(), stored.GetRawText());
        }
        finally
        {
            live.CommitGate.Set();
        }
    }

    [Fact]
    public async Task Post_SameIdAgain_CopyChangesNothing_OtherContentWithdrawsUntilTheWarehouseDecides()
    {
        const string customer = "C0000011";
        await using var run = await shop.ServeAsync();
        var live = run.App.Services.GetRequiredService<LiveService>();
        var now = DateTime.UtcNow;
        var tomorrow = DateOnly.FromDateTime(now).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var warm = await Post(run.Client, Order("dup-0", customer, Time(now.AddMinutes(-9)), "P00001"));
        await Settled(run.Client, warm.Body);
        var baseline = await WaitFor(run.Client, customer, p => p.GetProperty("as_of").GetString() == tomorrow);

        live.CommitGate.Reset();
        try
        {
            // The same order twice: it counts once.
            Assert.Equal(202, (await Post(run.Client, Order("dup-1", customer, Time(now.AddMinutes(-5)), "P00001"))).Status);
            Assert.Equal(202, (await Post(run.Client, Order("dup-1", customer, Time(now.AddMinutes(-5)), "P00001"))).Status);
            await WaitFor(run.Client, customer, p => Orders(p) == Orders(baseline) + 1, TimeSpan.FromSeconds(20));

            // Another order under that id, earlier: the warehouse may keep either, so the fast one is withdrawn at once.
            var other = $$"""{"orders": [{"order_id": "dup-1", "customer_id": "{{customer}}", "ordered_at": "{{Time(now.AddMinutes(-7))}}", "lines": [{"product_id": "P00003", "quantity": 5, "unit_price": 3.0}]}]}""";
            var last = await Post(run.Client, other);
            Assert.Equal(202, last.Status);
            await WaitFor(run.Client, customer, p => Orders(p) == Orders(baseline), TimeSpan.FromSeconds(20));
            live.CommitGate.Set();
            await Settled(run.Client, last.Body);

            // The warehouse's verdict: exactly one order under the id counts.
            var decided = await WaitFor(run.Client, customer, p => Orders(p) == Orders(baseline) + 1, TimeSpan.FromSeconds(30));
            Assert.Equal(tomorrow, decided.GetProperty("as_of").GetString());
        }
        finally
        {
            live.CommitGate.Set();
        }
    }

    [Fact]
    public async Task Backlog_OfManyRequests_IsAppliedInRoundsOfAtMostTheCap_EveryOrderOnce()
    {
        const int requests = 600;
        await using var run = await shop.ServeAsync();
        var live = run.App.Services.GetRequiredService<LiveService>();
        var now = DateTime.UtcNow;
        var tomorrow = DateOnly.FromDateTime(now).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // A first order, stored, gives C0000021 the live profile of tomorrow's as-of (every order up to now counted).
        var first = await Post(run.Client, Order("cap-first", "C0000021", Time(now.AddMinutes(-6)), "P00001"));
        Assert.Equal("stored", (await Settled(run.Client, first.Body)).GetProperty("status").GetString());
        var before = await WaitFor(run.Client, "C0000021", p => p.GetProperty("as_of").GetString() == tomorrow);

        // The fast loop held (and the warehouse's side, so every order is the fast path's): the requests queue up for it.
        live.FastGate.Reset();
        live.CommitGate.Reset();
        try
        {
            var applied = live.FastApplied;
            var rounds = live.FastRounds;
            for (var start = 0; start < requests; start += 50)
            {
                var posts = new List<Task<(int Status, JsonElement Body)>>(50);
                for (var i = start; i < start + 50; i++)
                {
                    var customer = "C" + (21 + (i % 300)).ToString("D7", CultureInfo.InvariantCulture);
                    var product = "P" + (1 + (i % 3)).ToString("D5", CultureInfo.InvariantCulture);
                    posts.Add(Post(run.Client, Order("cap-" + i.ToString(CultureInfo.InvariantCulture), customer, Time(now.AddMinutes(-5)), product)));
                }

                foreach (var post in await Task.WhenAll(posts))
                {
                    Assert.Equal(202, post.Status);
                }
            }

            live.FastGate.Set();
            await Until(() => live.FastApplied - applied >= requests);
            Assert.Equal(requests, live.FastApplied - applied);
            Assert.InRange(live.LargestFastRound, 1, LiveService.FastRoundOrders);
            Assert.True(live.FastRounds - rounds >= (requests + LiveService.FastRoundOrders - 1) / LiveService.FastRoundOrders);

            // Customer C0000021 got orders 0 and 300: both count, once each.
            var after = await WaitFor(run.Client, "C0000021", p => Orders(p) >= Orders(before) + 2, TimeSpan.FromSeconds(20));
            Assert.Equal(Orders(before) + 2, Orders(after));
        }
        finally
        {
            live.FastGate.Set();
            live.CommitGate.Set();
        }
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
