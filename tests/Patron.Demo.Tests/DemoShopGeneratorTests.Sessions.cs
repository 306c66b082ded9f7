using System.Globalization;
using System.Text.RegularExpressions;
using Patron.Demo.Tests.Support;

namespace Patron.Demo.Tests;

public sealed partial class DemoShopGeneratorTests
{
    private const string SessionHeader = "session_id,customer_id,started_at,duration_sec,page_views,product_id,purchased";

    [Fact]
    public void Generate_Sessions_EveryOrderHasOnePurchaseSessionStartingBeforeIt()
    {
        using var temp = new TempFolder();
        var result = Generate(temp.Path, customers: 4000, seed: 21, clean: true);
        var shop = ShopFiles.Read(temp.Path);

        var history = MatchOrdersToSessions(shop.Transactions, ReadSessions(Path.Combine(temp.Path, "sessions.csv")));
        var future = MatchOrdersToSessions(shop.Future, ReadSessions(Path.Combine(temp.Path, "truth", "future_sessions.csv")));

        Assert.True(history > 5000, $"only {history} orders in the history");
        Assert.True(future > 1000, $"only {future} orders in the future window");
        Assert.Equal(history, result.Sessions!.Purchase);
    }

    [Fact]
    public void Generate_Sessions_ShapeFollowsTheModel()
    {
        using var temp = new TempFolder();
        var result = Generate(temp.Path, customers: 6000, seed: 5);
        var sessions = ReadSessions(Path.Combine(temp.Path, "sessions.csv"));
        var future = ReadSessions(Path.Combine(temp.Path, "truth", "future_sessions.csv"));
        var truth = ShopFiles.Read(temp.Path).Truth.GetProperty("sessions");

        Assert.Equal(result.SessionRows, sessions.Length);
        Assert.Equal(result.FutureSessionRows, future.Length);
        for (var i = 0; i < sessions.Length; i++)
        {
            var row = sessions[i];
            Assert.Equal("S" + (i + 1).ToString("D10", CultureInfo.InvariantCulture), row[0]);
            Assert.Matches(OptionalCustomerId(), row[1]);
            Assert.True(ShopFiles.Timestamp(row[2]) < HistoryEnd, $"session {row[0]} starts after the history");
            Assert.True(int.Parse(row[3], CultureInfo.InvariantCulture) >= 1);
            Assert.True(int.Parse(row[4], CultureInfo.InvariantCulture) >= 1);
            Assert.Matches(OptionalProductId(), row[5]);
            Assert.Contains(row[6], new[] { "0", "1" });
        }

        var purchases = sessions.Count(s => s[6] == "1");
        var anonymous = sessions.Where(s => s[1].Length == 0).ToArray();
        Assert.Equal(truth.GetProperty("purchase").GetInt64(), purchases);
        Assert.Equal(truth.GetProperty("anonymous").GetInt64(), anonymous.Length);
        Assert.Equal(sessions.Length - purchases - anonymous.Length,
            truth.GetProperty("browse").GetInt64() + truth.GetProperty("after_dropout").GetInt64());
        Assert.Equal(future.Length, truth.GetProperty("future_window").GetInt64());
        Assert.All(future, s => Assert.True(s[6] == "1" || ShopFiles.Timestamp(s[2]) >= HistoryEnd, $"browse session {s[0]} of the future window starts in the history"));

        // About 2.5 sessions per order; 15 % anonymous, who never buy.
        Assert.InRange(sessions.Length / (double)purchases, 2.25, 2.75);
        Assert.InRange(anonymous.Length / (double)sessions.Length, 0.13, 0.17);
        Assert.DoesNotContain(anonymous, s => s[6] == "1");

        // Purchase sessions are longer with more pages, but the distributions overlap: duration alone ranks a purchase
        // session above a browse session well short of always.
        var bought = sessions.Where(s => s[6] == "1").Select(s => double.Parse(s[3], CultureInfo.InvariantCulture)).ToArray();
        var browsed = sessions.Where(s => s[6] == "0").Select(s => double.Parse(s[3], CultureInfo.InvariantCulture)).ToArray();
        Assert.True(bought.Average() > 1.5 * browsed.Average(), $"purchase {bought.Average():F0} s vs browse {browsed.Average():F0} s");
        Assert.InRange(Auc(browsed, bought), 0.65, 0.88);
        var boughtPages = sessions.Where(s => s[6] == "1").Average(s => double.Parse(s[4], CultureInfo.InvariantCulture));
        var browsedPages = sessions.Where(s => s[6] == "0").Average(s => double.Parse(s[4], CultureInfo.InvariantCulture));
        Assert.True(boughtPages > 1.3 * browsedPages, $"purchase {boughtPages:F1} pages vs browse {browsedPages:F1}");

        // The time of day matters, mildly: evening visits convert more than night visits, not several times more.
        var night = Conversion(sessions, hour => hour is >= 2 and < 6);
        var evening = Conversion(sessions, hour => hour is >= 18 and < 22);
        Assert.InRange(evening / night, 1.2, 2.5);
    }

    private static double Conversion(string[][] sessions, Func<int, bool> hours)
    {
        var chosen = sessions.Where(s => hours(ShopFiles.Timestamp(s[2]).Hour)).ToArray();
        return chosen.Count(s => s[6] == "1") / (double)chosen.Length;
    }

    [Fact]
    public void Generate_Sessions_CustomersWithARecentPurchaseConvertMore()
    {
        using var temp = new TempFolder();
        Generate(temp.Path, customers: 8000, seed: 13);
        var sessions = ReadSessions(Path.Combine(temp.Path, "sessions.csv"));

        // The file lists each customer's sessions together in time order.
        var recent = new int[2];
        var lapsed = new int[2];
        string? customer = null;
        DateTime? lastPurchase = null;
        foreach (var row in sessions)
        {
            if (row[1].Length == 0)
            {
                continue;
            }

            if (row[1] != customer)
            {
                customer = row[1];
                lastPurchase = null;
            }

            var started = ShopFiles.Timestamp(row[2]);
            var purchased = row[6] == "1" ? 1 : 0;
            if (lastPurchase is { } last)
            {
                (started - last < TimeSpan.FromDays(60) ? recent : lapsed)[purchased]++;
            }

            if (purchased == 1)
            {
                lastPurchase = started;
            }
        }

        var recentRate = recent[1] / (double)(recent[0] + recent[1]);
        var lapsedRate = lapsed[1] / (double)(lapsed[0] + lapsed[1]);
        Assert.True(recentRate > lapsedRate + 0.04, $"conversion after a purchase within 60 days {recentRate:F3}, later {lapsedRate:F3}");
        Assert.True(recentRate < 0.8, $"conversion after a recent purchase {recentRate:F3} is too easy to predict");
    }

    [Fact]
    public void Generate_NoSessions_WritesNoSessionFilesAndTheSameTransactions()
    {
        using var temp = new TempFolder();
        DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = temp.File("with"), Customers = 3000, Seed = 4 });
        DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = temp.File("without"), Customers = 3000, Seed = 4 });
        var without = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = temp.File("without"), Customers = 3000, Seed = 4, SessionsPerOrder = 0 });

        // Regenerated without sessions: the earlier run's session files are gone, nothing else changes.
        Assert.False(File.Exists(Path.Combine(temp.File("without"), "sessions.csv")));
        Assert.False(File.Exists(Path.Combine(temp.File("without"), "truth", "future_sessions.csv")));
        Assert.Null(without.Sessions);
        Assert.DoesNotContain(without.Files, f => f.Name.Contains("sessions", StringComparison.Ordinal));
        Assert.False(ShopFiles.Read(temp.File("without")).Truth.TryGetProperty("sessions", out _));
        foreach (var file in new[] { "transactions.csv", "customers.csv", "products.csv", "truth/customers.csv", "truth/future_transactions.csv" })
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(temp.File("with"), file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp.File("without"), file))),
                $"{file} changes with the sessions");
        }
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(4.0)]
    public void Generate_SessionsPerOrder_IsReachedApproximately(double perOrder)
    {
        using var temp = new TempFolder();
        var result = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = temp.Path, Customers = 6000, Seed = 8, SessionsPerOrder = perOrder });

        var sessions = result.Sessions!;
        Assert.Equal(result.SessionRows, sessions.Total);
        Assert.InRange(sessions.Total / (double)sessions.Purchase, perOrder * 0.9, perOrder * 1.1);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    [InlineData(80.0)]
    public void Generate_SessionsPerOrderOutOfRange_Throws(double perOrder)
    {
        using var temp = new TempFolder();

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = temp.Path, Customers = 100, SessionsPerOrder = perOrder }));
    }

    /// <summary>
    /// Pairs every order (distinct customer and timestamp among rows with quantity &gt; 0) with exactly one purchase
    /// session of the same customer and product whose visit contains the order: it starts before the order and lasts
    /// until at least the order's second. Returns the number of orders.
    /// </summary>
    private static int MatchOrdersToSessions(string[][] transactions, string[][] sessions)
    {
        var orders = new Dictionary<(string Customer, DateTime Time), string>();
        foreach (var row in transactions)
        {
            if (int.Parse(row[3], CultureInfo.InvariantCulture) > 0)
            {
                orders.TryAdd((row[1], ShopFiles.Timestamp(row[6])), row[2]);
            }
        }

        var byCustomer = orders.Keys.GroupBy(k => k.Customer).ToDictionary(g => g.Key, g => g.Select(k => k.Time).ToList());
        var matched = new HashSet<(string, DateTime)>();
        foreach (var session in sessions.Where(s => s[6] == "1"))
        {
            var started = ShopFiles.Timestamp(session[2]);
            var ends = started.AddSeconds(int.Parse(session[3], CultureInfo.InvariantCulture));
            Assert.True(byCustomer.TryGetValue(session[1], out var times), $"purchase session {session[0]} of {session[1]}, who has no order");
            var order = times.Where(t => t > started && t <= ends && orders[(session[1], t)] == session[5] && !matched.Contains((session[1], t))).ToList();
            Assert.True(order.Count >= 1, $"purchase session {session[0]} contains no order of {session[1]} for {session[5]}");
            matched.Add((session[1], order.Min()));
        }

        Assert.Equal(orders.Count, matched.Count);
        return orders.Count;
    }

    /// <summary>P(a value of <paramref name="high"/> exceeds one of <paramref name="low"/>), ties counting half.</summary>
    private static double Auc(double[] low, double[] high)
    {
        var sorted = low.Order().ToArray();
        var wins = 0.0;
        foreach (var value in high)
        {
            var below = LowerBound(sorted, value);
            var notAbove = LowerBound(sorted, Math.BitIncrement(value));
            wins += below + 0.5 * (notAbove - below);
        }

        return wins / ((double)low.Length * high.Length);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        var index = Array.BinarySearch(sorted, value);
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && sorted[index - 1] == value)
        {
            index--;
        }

        return index;
    }

    private static string[][] ReadSessions(string path)
    {
        var text = File.ReadAllText(path);
        Assert.EndsWith("\n", text);
        var lines = text[..^1].Split('\n');
        Assert.Equal(SessionHeader, lines[0]);
        var rows = new string[lines.Length - 1][];
        for (var i = 1; i < lines.Length; i++)
        {
            rows[i - 1] = lines[i].Split(',');
            Assert.True(rows[i - 1].Length == 7, $"{Path.GetFileName(path)} line {i + 1}: expected 7 fields, got '{lines[i]}'");
        }

        return rows;
    }

    [GeneratedRegex(@"^(C\d{7})?$")]
    private static partial Regex OptionalCustomerId();

    [GeneratedRegex(@"^(P\d{5})?$")]
    private static partial Regex OptionalProductId();
}
