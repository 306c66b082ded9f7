using Patron.Demo.Tests.Support;

namespace Patron.Demo.Tests;

public sealed partial class DemoShopGeneratorTests
{
    private static readonly DateTime HistoryEnd = new(2026, 10, 1);

    [Fact]
    public void Generate_LongLivedAliveCustomers_ObservedRateRanksLikeLambda()
    {
        using var temp = new TempFolder();
        Generate(temp.Path, customers: 12_000, clean: true);
        var shop = ShopFiles.Read(temp.Path);
        var purchases = new Dictionary<string, List<DateTime>>(StringComparer.Ordinal);
        foreach (var row in shop.Transactions.Where(t => int.Parse(t[3], System.Globalization.CultureInfo.InvariantCulture) > 0))
        {
            if (!purchases.TryGetValue(row[1], out var list))
            {
                purchases[row[1]] = list = [];
            }

            list.Add(ShopFiles.Timestamp(row[6]));
        }

        var lambdas = new List<double>();
        var rates = new List<double>();
        foreach (var truth in shop.TruthCustomers.Where(t => t[4] == "true"))
        {
            if (!purchases.TryGetValue(truth[0], out var times))
            {
                continue;
            }

            var exposure = (HistoryEnd - times.Min()).TotalDays;
            if (exposure < 365)
            {
                continue;
            }

            lambdas.Add(ShopFiles.Number(truth[1]));
            rates.Add((times.Count - 1) / exposure);
        }

        Assert.True(lambdas.Count > 1000, $"only {lambdas.Count} long-lived alive customers");
        var rho = Statistics.Spearman(lambdas, rates);
        Assert.True(rho > 0.75, $"Spearman {rho:F3} between λ and the observed repeat rate");

        // The mean observed rate of alive customers estimates the mean λ of the same customers (seasonality averages out).
        Assert.InRange(rates.Average() / lambdas.Average(), 0.85, 1.15);
    }

    [Fact]
    public void Generate_Default_LatentDistributionsMatchTheirParameters()
    {
        using var temp = new TempFolder();
        Generate(temp.Path, customers: 20_000, clean: true);
        var shop = ShopFiles.Read(temp.Path);
        var lambdas = shop.TruthCustomers.Select(t => ShopFiles.Number(t[1])).ToArray();
        var dropouts = shop.TruthCustomers.Select(t => ShopFiles.Number(t[2])).ToArray();

        // Gamma(r = 0.9, α = 60): mean r/α = 0.015, variance r/α² = 0.00025. Beta(1, 6): mean 1/7.
        Assert.InRange(lambdas.Average(), 0.0140, 0.0160);
        Assert.InRange(Statistics.Variance(lambdas), 0.00022, 0.00028);
        Assert.InRange(dropouts.Average(), 1.0 / 7 - 0.005, 1.0 / 7 + 0.005);
    }

    [Fact]
    public void Generate_Default_BasketValuesFollowTheSpendLevel()
    {
        using var temp = new TempFolder();
        Generate(temp.Path, customers: 12_000, clean: true);
        var shop = ShopFiles.Read(temp.Path);
        var baskets = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        foreach (var row in shop.Transactions)
        {
            var quantity = int.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture);
            if (quantity > 0)
            {
                var value = quantity * ShopFiles.Number(row[4]) * (1 - ShopFiles.Number(row[5]));
                var (sum, count) = baskets.GetValueOrDefault(row[1]);
                baskets[row[1]] = (sum + value, count + 1);
            }
        }

        var levels = new List<double>();
        var means = new List<double>();
        foreach (var truth in shop.TruthCustomers)
        {
            if (baskets.TryGetValue(truth[0], out var basket) && basket.Count >= 3)
            {
                levels.Add(ShopFiles.Number(truth[5]));
                means.Add(basket.Sum / basket.Count);
            }
        }

        var rho = Statistics.Spearman(levels, means);
        Assert.True(rho > 0.55, $"Spearman {rho:F3} between spend level and observed mean basket");
        Assert.InRange(means.Average() / levels.Average(), 0.85, 1.15);
    }

    [Fact]
    public void Generate_Default_FutureWindowIsOnlyInTheTruthFolder()
    {
        using var temp = new TempFolder();
        Generate(temp.Path, customers: 4000);
        var shop = ShopFiles.Read(temp.Path);

        foreach (var row in shop.Transactions)
        {
            var time = ShopFiles.Timestamp(row[6]);
            Assert.True(time < HistoryEnd || time.Year == 2099, $"history row after the end: {string.Join(',', row)}");
        }

        var historyIds = new HashSet<string>(shop.Transactions.Select(t => t[0]), StringComparer.Ordinal);
        var futureOrders = new Dictionary<string, int>(StringComparer.Ordinal);
        var futureSpend = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var row in shop.Future)
        {
            var time = ShopFiles.Timestamp(row[6]);
            Assert.InRange(time, HistoryEnd, HistoryEnd.AddDays(365));
            Assert.DoesNotContain(row[0], historyIds);
            var quantity = int.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture);
            if (quantity > 0)
            {
                futureOrders[row[1]] = futureOrders.GetValueOrDefault(row[1]) + 1;
                futureSpend[row[1]] = futureSpend.GetValueOrDefault(row[1]) + quantity * ShopFiles.Number(row[4]) * (1 - ShopFiles.Number(row[5]));
            }
        }

        Assert.Equal(shop.Future.Length, shop.Future.Select(f => f[0]).Distinct().Count());
        foreach (var truth in shop.TruthCustomers)
        {
            Assert.Equal(futureOrders.GetValueOrDefault(truth[0]), int.Parse(truth[6], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(futureSpend.GetValueOrDefault(truth[0]), ShopFiles.Number(truth[7]), 0.011);
            var alive = truth[4] == "true";
            Assert.Equal(alive, truth[3].Length == 0);
            if (!alive)
            {
                Assert.True(ShopFiles.Date(truth[3]) < HistoryEnd);
                Assert.Equal(0, futureOrders.GetValueOrDefault(truth[0]));
            }
        }
    }
}
