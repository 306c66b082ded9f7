using System.Diagnostics;
using System.Text.Json;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Live;

/// <summary><c>POST /api/events</c> end to end: events through the warehouse's silver rules into live profiles.</summary>
public sealed class EventEndpointsTests(LiveShop shop) : IClassFixture<LiveShop>
{
    private const string Customer = "C0000002";

    [Fact]
    public async Task Post_Order_ProfileShowsTheNewOrderScoresAndAsOfWithinASecond()
    {
        await using var run = await shop.ServeAsync();
        var before = await Profile(run.Client, Customer);

        var first = await Post(run.Client, Order("live-a", Customer, "2026-11-20T10:00:00Z", "P00001"));
        Assert.Equal(202, first.Status);
        Assert.Equal("accepted", first.Body.GetProperty("status").GetString());
        Assert.Equal(1, first.Body.GetProperty("orders").GetInt32());
        Assert.Equal(0, (await Settled(run.Client, first.Body)).GetProperty("findings").GetArrayLength());
        var clock = Stopwatch.StartNew();
        var after = await WaitFor(run.Client, Customer, p => p.GetProperty("as_of").GetString() == "2026-11-21");
        // The 1 s target is measured by bench/live-freshness.sh; a test on a shared, loaded machine allows more.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"visible after {clock.Elapsed.TotalMilliseconds:0} ms");
        var orders = Orders(after);

        var second = await Post(run.Client, Order("live-b", Customer, "2026-11-25T08:30:00Z", "P00002"));
        Assert.Equal(202, second.Status);
        var latest = await WaitFor(run.Client, Customer, p => p.GetProperty("as_of").GetString() == "2026-11-26");
        Assert.Equal(orders + 1, Orders(latest));
        Assert.Equal(1.0, latest.GetProperty("features").GetProperty("days_since_last_order").GetDouble());
        Assert.True(latest.GetProperty("churn_probability").GetDouble() is >= 0 and <= 1);
        Assert.NotEqual(before.GetProperty("as_of").GetString(), latest.GetProperty("as_of").GetString());
        // Population-wide columns keep the run's values.
        Assert.Equal(before.GetProperty("features").GetProperty("r_score").GetDouble(), latest.GetProperty("features").GetProperty("r_score").GetDouble());
    }

    [Fact]
    public async Task Post_SameOrderTwice_ChangesNothing()
    {
        await using var run = await shop.ServeAsync();
        var body = Order("dup-1", Customer, "2026-11-22T12:00:00Z", "P00003");
        Assert.Equal(202, (await Post(run.Client, body)).Status);
        var once = await WaitFor(run.Client, Customer, p => p.GetProperty("as_of").GetString() == "2026-11-23");

        // The very same body: already stored.
        var again = await Post(run.Client, body);
        Assert.Equal(202, again.Status);
        Assert.True((await Settled(run.Client, again.Body)).GetProperty("already_received").GetBoolean());

        // The same order beside a new one: the copy is dropped and named in the answer, the new one counts.
        var mixed = await Post(run.Client, $$"""{"orders": [{{OrderJson("dup-1", Customer, "2026-11-22T12:00:00Z", "P00003")}}, {{OrderJson("dup-2", Customer, "2026-11-22T13:00:00Z", "P00003")}}]}""");
        Assert.Equal(202, mixed.Status);
        var findings = (await Settled(run.Client, mixed.Body)).GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("event").GetString() == "orders").ToList();
        Assert.Contains(findings, f => f.GetProperty("index").GetInt32() == 0 && !f.TryGetProperty("line", out _));
        Assert.All(findings, f => Assert.Equal(("exact_duplicates", "dropped"), (f.GetProperty("check").GetString(), f.GetProperty("action").GetString())));
        Assert.DoesNotContain(findings, f => f.GetProperty("index").GetInt32() == 1);
        var twice = await WaitFor(run.Client, Customer, p => Orders(p) != Orders(once));
        Assert.Equal(Orders(once) + 1, Orders(twice));
        Assert.Equal(once.GetProperty("features").GetProperty("net_revenue").GetDouble() + 24.0, twice.GetProperty("features").GetProperty("net_revenue").GetDouble(), 9);
    }

    [Fact]
    public async Task Post_LateEvent_IsPlacedByItsOwnTime()
    {
        await using var run = await shop.ServeAsync();
        Assert.Equal(202, (await Post(run.Client, Order("t-new", Customer, "2026-11-28T09:00:00Z", "P00004"))).Status);
        var recent = await WaitFor(run.Client, Customer, p => p.GetProperty("as_of").GetString() == "2026-11-29");

        // An order from October arrives late: it counts, but the as-of date and the latest order stay.
        Assert.Equal(202, (await Post(run.Client, Order("t-old", Customer, "2026-10-15T09:00:00Z", "P00005"))).Status);
        var late = await WaitFor(run.Client, Customer, p => Orders(p) == Orders(recent) + 1);
        Assert.Equal("2026-11-29", late.GetProperty("as_of").GetString());
        Assert.Equal(1.0, late.GetProperty("features").GetProperty("days_since_last_order").GetDouble());
        Assert.True(late.GetProperty("features").GetProperty("orders_90d").GetDouble() >= 2);
    }

    [Fact]
    public async Task Post_PartlyBadRows_202NamesEachRowSetAside()
    {
        await using var run = await shop.ServeAsync();
        var body = $$"""
            {"orders": [
              {{OrderJson("pb-ok", Customer, "2026-11-20T10:00:00Z", "P00001")}},
              {{OrderJson("pb-future", Customer, "2031-01-01T10:00:00Z", "P00001")}},
              {{OrderJson("pb-product", Customer, "2026-11-20T11:00:00Z", "NO-SUCH-PRODUCT")}}
            ]}
            """;
        var answer = await Post(run.Client, body);
        Assert.Equal(202, answer.Status);
        var state = await Settled(run.Client, answer.Body);
        Assert.Equal("stored", state.GetProperty("status").GetString());
        Assert.Equal(3, state.GetProperty("orders").GetInt32());
        var findings = state.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("index").GetInt32() == 1 && f.GetProperty("check").GetString() == "future_timestamps"
            && f.GetProperty("action").GetString() == "quarantined");
        Assert.Contains(findings, f => f.GetProperty("index").GetInt32() == 2 && f.GetProperty("check").GetString() == "orphan_products"
            && f.GetProperty("line").GetInt32() == 0);
        Assert.DoesNotContain(findings, f => f.GetProperty("index").GetInt32() == 0);
    }

    [Theory]
    [InlineData("""{"orders": [{"order_id": "x", "customer_id": "C0000002", "ordered_at": "2026-11-20T10:00:00Z", "lines": [{"product_id": "P00001", "quantity": "two", "unit_price": 3}]}]}""", "orders[0].lines[0].quantity")]
    [InlineData("""{"orders": [{"order_id": "x", "customer_id": "C0000002", "ordered_at": "yesterday", "lines": [{"product_id": "P00001", "quantity": 1, "unit_price": 3}]}]}""", "orders[0].ordered_at")]
    [InlineData("""{"orders": [{"customer_id": "C0000002", "ordered_at": "2026-11-20T10:00:00Z", "lines": [{"product_id": "P00001", "quantity": 1, "unit_price": 3}]}]}""", "orders[0].order_id")]
    [InlineData("""{"orders": [{"order_id": "x", "customer_id": "C0000002", "ordered_at": "2026-11-20T10:00:00Z", "lines": []}]}""", "orders[0].lines")]
    [InlineData("""{"sessions": [{"session_id": "s", "started_at": "2026-11-20T10:00:00Z", "purchased": "yes"}]}""", "sessions[0].purchased")]
    [InlineData("""{"customers": [{"customer_id": "n", "age": 12.5}]}""", "customers[0].age")]
    [InlineData("""{"orderz": []}""", "orderz")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{"orders": [{"order_id": "x", "customer_id": "C0000002", "ordered_at": "2026-11-20T10:00:00Z", "lines": [{"product_id": "P00001", "quantity": 1e300, "unit_price": 3}]}]}""", "orders[0].lines[0].quantity")]
    public async Task Post_BadShape_400NamesTheField(string body, string field)
    {
        await using var run = await shop.ServeAsync();
        var answer = await Post(run.Client, body);
        Assert.Equal(400, answer.Status);
        Assert.True(Json.IsProblem(answer.Body, 400));
        Assert.Contains(answer.Body.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_NewCustomerWithOrder_GetsAProfile()
    {
        await using var run = await shop.ServeAsync();
        var body = $$"""{"customers": [{"customer_id": "N-1", "registered_at": "2026-11-01", "age": 30, "country": "DE"}], "orders": [{{OrderJson("n-1", "N-1", "2026-11-10T10:00:00Z", "P00001")}}]}""";
        Assert.Equal(202, (await Post(run.Client, body)).Status);
        var profile = await WaitFor(run.Client, "N-1", p => true);
        Assert.Equal(1.0, profile.GetProperty("features").GetProperty("orders").GetDouble());
        Assert.Equal("DE", profile.GetProperty("features").GetProperty("country").GetString());
        Assert.True(profile.GetProperty("churn_probability").GetDouble() is >= 0 and <= 1);
    }

    [Fact]
    public async Task Get_Batch_AcceptedThenStoredWithLocationHeader_UnknownIs404()
    {
        await using var run = await shop.ServeAsync();
        using var content = new StringContent(Order("st-1", Customer, "2026-11-21T10:00:00Z", "P00001"), System.Text.Encoding.UTF8, "application/json");
        using var response = await run.Client.PostAsync(new Uri("/api/events", UriKind.Relative), content);
        Assert.Equal(202, (int)response.StatusCode);
        var body = await Json.Read(response);
        var batch = body.GetProperty("batch").GetInt64();
        Assert.True(batch >= 1);
        Assert.Equal("/api/events/" + batch, body.GetProperty("status_url").GetString());
        Assert.Equal("/api/events/" + batch, response.Headers.Location?.OriginalString);

        var state = await Settled(run.Client, body);
        Assert.Equal(batch, state.GetProperty("batch").GetInt64());
        Assert.Equal("stored", state.GetProperty("status").GetString());
        Assert.False(state.GetProperty("already_received").GetBoolean());

        // A later batch gets a larger number; numbers never given are 404, as is text.
        var next = await Post(run.Client, Order("st-2", Customer, "2026-11-21T11:00:00Z", "P00001"));
        Assert.True(next.Body.GetProperty("batch").GetInt64() > batch);
        foreach (var unknown in new[] { "0", (batch + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), "abc", "-1" })
        {
            var (status, problem) = await Json.GetAsync(run.Client, "/api/events/" + unknown);
            Assert.Equal(404, status);
            Assert.True(Json.IsProblem(problem, 404));
        }
    }

    [Fact]
    public async Task Post_WithoutDb_409()
    {
        await using var run = await ServedRun.StartAsync();
        var answer = await Post(run.Client, Order("x", Customer, "2026-11-20T10:00:00Z", "P00001"));
        Assert.Equal(409, answer.Status);
        Assert.True(Json.IsProblem(answer.Body, 409));
    }

    [Fact]
    public async Task Watch_DroppedEventFiles_AreIngestedAndUpdateTheProfile()
    {
        string? drop = null;
        await using var run = await shop.ServeAsync(options =>
        {
            drop = Path.Combine(Path.GetDirectoryName(options.RunFolder)!, "drop");
            return options with { EventFolder = drop };
        });
        var staging = Path.Combine(run.Temp.Path, "staging");
        Directory.CreateDirectory(staging);
        await File.WriteAllTextAsync(Path.Combine(staging, "orders.csv"), $"order_id,customer_id,ordered_at\nw-1,{Customer},2026-11-27 10:00:00.000000\n");
        await File.WriteAllTextAsync(Path.Combine(staging, "order_lines.csv"), "order_id,line_number,product_id,quantity,unit_price,discount\nw-1,1,P00001,2,9.5,\n");
        File.SetLastWriteTimeUtc(Path.Combine(staging, "orders.csv"), DateTime.UtcNow.AddMinutes(-1));
        File.SetLastWriteTimeUtc(Path.Combine(staging, "order_lines.csv"), DateTime.UtcNow.AddMinutes(-1));
        Directory.Move(staging, Path.Combine(drop!, "batch-1"));
        Directory.SetLastWriteTimeUtc(Path.Combine(drop!, "batch-1"), DateTime.UtcNow.AddMinutes(-1));

        var profile = await WaitFor(run.Client, Customer, p => p.GetProperty("as_of").GetString() == "2026-11-28", TimeSpan.FromSeconds(20));
        Assert.Equal(0.0, profile.GetProperty("features").GetProperty("days_since_last_order").GetDouble() - 1.0);
        Assert.True(Directory.Exists(Path.Combine(drop!, "done", "batch-1")));
    }

    internal static string OrderJson(string id, string customer, string at, string product) =>
        $$"""{"order_id": "{{id}}", "customer_id": "{{customer}}", "ordered_at": "{{at}}", "payment_method": "card", "lines": [{"product_id": "{{product}}", "quantity": 2, "unit_price": 12.5, "discount": 1}]}""";

    internal static string Order(string id, string customer, string at, string product) => $$"""{"orders": [{{OrderJson(id, customer, at, product)}}]}""";

    internal static Task<(int Status, JsonElement Body)> Post(HttpClient client, string body) => Json.PostAsync(client, "/api/events", body);

    /// <summary>The state of a posted batch once the warehouse took it (or refused it), read from its status URL.</summary>
    internal static async Task<JsonElement> Settled(HttpClient client, JsonElement accepted)
    {
        var url = accepted.GetProperty("status_url").GetString()!;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, body) = await Json.GetAsync(client, url);
            Assert.Equal(200, status);
            if (body.GetProperty("status").GetString() != "accepted")
            {
                return body;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"batch {url} was not stored in time");
            await Task.Delay(20);
        }
    }

    internal static double Orders(JsonElement profile) => profile.GetProperty("features").GetProperty("orders").GetDouble();

    internal static async Task<JsonElement> Profile(HttpClient client, string id)
    {
        var (status, body) = await Json.GetAsync(client, "/api/customers/" + id);
        Assert.Equal(200, status);
        return body;
    }

    /// <summary>Polls the profile until <paramref name="done"/> holds; the default limit (30 s) covers the warehouse's commit
    /// and the update after a 202 (which waits only for the journal) on a loaded machine.</summary>
    internal static async Task<JsonElement> WaitFor(HttpClient client, string id, Func<JsonElement, bool> done, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, body) = await Json.GetAsync(client, "/api/customers/" + id);
            if (status == 200 && done(body))
            {
                return body;
            }

            Assert.True(clock.Elapsed < (limit ?? TimeSpan.FromSeconds(30)), $"the profile of {id} did not change in time: {status} {body}");
            await Task.Delay(20);
        }
    }
}
