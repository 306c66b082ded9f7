using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Patron.Demo;
using Patron.Server.Dashboard;
using Patron.Server.Live;
using Patron.Server.Tests.Dashboard;
using Patron.Server.Tests.Support;
using static Patron.Server.Tests.Live.EventEndpointsTests;

namespace Patron.Server.Tests.Live;

/// <summary>A run made from an Online Retail-format export (one invoice-line file: numeric customer ids, stock codes,
/// no customers file and no sessions), served with its warehouse: <c>patron run</c> on a real source format, then the
/// live path, the fast path, the dashboard's warm-up and the Redis store over its Unix socket on that run.</summary>
public sealed class RetailLiveShop : DashboardShop
{
    public RetailLiveShop() : base("online-retail-live")
    {
    }

    /// <summary>The export the run was made from.</summary>
    public string Export { get; private set; } = "";

    protected override (string, string) Generate(string folder)
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = folder, Customers = 500, Seed = 23, Format = DemoShopFormat.OnlineRetail });
        Export = Path.Combine(shop.OutputDirectory, DemoShopGenerator.OnlineRetailFile);
        return ("online-retail", Export);
    }

    /// <summary>Serves a copy of the run and of its warehouse and waits until the live path takes events.</summary>
    internal async Task<ServedRun> ServeAsync(Func<ServeOptions, ServeOptions>? change = null)
    {
        var run = await ServedRun.StartAsync(options =>
        {
            var db = Path.Combine(Path.GetDirectoryName(options.RunFolder)!, "w.duckdb");
            File.Copy(Warehouse, db);
            var live = options with { Db = db };
            return change?.Invoke(live) ?? live;
        }, source: RunFolder);
        await run.App.Services.GetRequiredService<LiveService>().Ready.WaitAsync(TimeSpan.FromSeconds(120));
        return run;
    }
}

public sealed partial class RealFormatLiveTests(RetailLiveShop shop, RedisServer redis) : IClassFixture<RetailLiveShop>, IClassFixture<RedisServer>
{
    [Fact]
    public async Task OnlineRetailRun_OrderForAnExistingCustomer_FastPathShowsIt_WarehouseGivesTheSameProfile()
    {
        await using var run = await shop.ServeAsync();
        var live = run.App.Services.GetRequiredService<LiveService>();
        var (customer, product) = CustomerAndProduct(run);
        var now = DateTime.UtcNow;
        var tomorrow = DateOnly.FromDateTime(now).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // A first order, stored through the warehouse, moves the customer to tomorrow's as-of.
        var first = await Post(run.Client, Order("retail-a", customer, Time(now.AddMinutes(-3)), product));
        Assert.Equal(202, first.Status);
        Assert.Equal("stored", (await Settled(run.Client, first.Body)).GetProperty("status").GetString());
        var once = await WaitFor(run.Client, customer, p => p.GetProperty("as_of").GetString() == tomorrow);

        // With the warehouse held, a second order of a stock code the export sold shows from the journal alone.
        live.CommitGate.Reset();
        try
        {
            var applied = live.FastApplied;
            var second = await Post(run.Client, Order("retail-b", customer, Time(now.AddMinutes(-2)), product));
            Assert.Equal(202, second.Status);
            var fast = await WaitFor(run.Client, customer, p => Orders(p) == Orders(once) + 1, TimeSpan.FromSeconds(30));
            Assert.True(live.FastApplied > applied, "the order was not applied by the fast path");
            Assert.Equal(once.GetProperty("features").GetProperty("net_revenue").GetDouble() + 24.0,
                fast.GetProperty("features").GetProperty("net_revenue").GetDouble(), 9);
            Assert.InRange(fast.GetProperty("churn_probability").GetDouble(), 0.0, 1.0);

            var fromRows = live.UpdatesFromRows;
            live.CommitGate.Set();
            Assert.Equal("stored", (await Settled(run.Client, second.Body)).GetProperty("status").GetString());
            await Until(() => live.UpdatesFromRows > fromRows);
            var stored = await Profile(run.Client, customer);
            if (DateOnly.FromDateTime(DateTime.UtcNow) != DateOnly.FromDateTime(now))
            {
                return; // Midnight passed between the two: another as-of, not judged here.
            }

            Assert.Equal(fast.GetRawText(), stored.GetRawText());
        }
        finally
        {
            live.CommitGate.Set();
        }
    }

    [Fact]
    public async Task OnlineRetailRun_DashboardWarms_EveryDefaultPageAnswered()
    {
        await using var run = await shop.ServeAsync();
        await DashboardWarmupTests.WaitWarmAsync(run.Client);
        var warmed = run.App.Services.GetRequiredService<DashboardWarmup>().Warmed;
        Assert.Equal(DashboardWarmup.Pages.Count + 1, warmed.Count);
        Assert.All(warmed, p => Assert.True(p.Status == 200 && p.Bytes > 0, $"{p.Path}: {p.Status}, {p.Bytes} bytes"));

        // The warmed funnel on a run without sessions says so instead of drawing empty charts.
        using var funnel = await run.Client.GetAsync("/funnel");
        Assert.Equal(200, (int)funnel.StatusCode);
    }

    [RedisFact]
    public async Task OnlineRetailRun_PublishedOverTheSocket_ServesTheRunsProfilesAndLiveUpdates()
    {
        await using var writer = await shop.ServeAsync(o => o with { Store = redis.SocketStore });
        await PatronServer.PublishAsync(new ServeOptions { RunFolder = writer.Folder, Store = redis.SocketStore });
        await using var reader = await ServedRun.StartAsync(o => o with { Store = redis.SocketStore }, source: shop.RunFolder);
        var (customer, product) = CustomerAndProduct(writer);

        // The published profile is the run's own, byte for byte, wherever it is read.
        var published = await Profile(reader.Client, customer);
        Assert.Equal((await Profile(writer.Client, customer)).GetRawText(), published.GetRawText());

        // An order taken by the writer reaches the reader through the store.
        var answer = await Post(writer.Client, Order("retail-s", customer, Time(DateTime.UtcNow.AddMinutes(-1)), product));
        Assert.Equal(202, answer.Status);
        var seen = await WaitFor(reader.Client, customer, p => Orders(p) == Orders(published) + 1);
        Assert.Equal((await Profile(writer.Client, customer)).GetRawText(), seen.GetRawText());
    }

    /// <summary>A customer of the served run and a stock code it bought, read from the export itself, so the ids are
    /// the format's own (numeric customer ids, stock codes such as 85123A).</summary>
    private (string Customer, string Product) CustomerAndProduct(ServedRun run)
    {
        var served = File.ReadLines(Path.Combine(run.Folder, "predictions.csv")).Skip(1).Select(l => l[..l.IndexOf(',')]).ToHashSet();
        foreach (var line in File.ReadLines(shop.Export).Skip(1))
        {
            // InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country: the description may
            // hold quoted commas, so the customer is counted from the end.
            var cells = line.Split(',');
            var (product, customer) = (cells[1], cells[^2]);
            if (customer.Length > 0 && !line.StartsWith('C') && StockCode().IsMatch(product) && served.Contains(customer))
            {
                return (customer, product);
            }
        }

        throw new InvalidOperationException("the export has no served customer with a stock code");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]{5}[A-Z]?$")]
    private static partial System.Text.RegularExpressions.Regex StockCode();

    private static string Time(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task Until(Func<bool> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the warehouse's update did not come");
            await Task.Delay(20);
        }
    }
}
