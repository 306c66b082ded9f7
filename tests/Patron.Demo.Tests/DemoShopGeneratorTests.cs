using System.Globalization;
using System.Text.RegularExpressions;
using Patron.Demo.Tests.Support;

namespace Patron.Demo.Tests;

public sealed partial class DemoShopGeneratorTests
{
    private static readonly string[] WrittenFiles =
    [
        "transactions.csv", "customers.csv", "products.csv", "sessions.csv", "truth/truth.json", "truth/customers.csv",
        "truth/future_transactions.csv", "truth/future_sessions.csv",
    ];

    private static DemoShopResult Generate(string directory, int customers = 3000, ulong seed = 7, double defectRate = 0.005, bool clean = false) =>
        DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = directory,
            Customers = customers,
            Seed = seed,
            DefectRate = defectRate,
            Clean = clean,
        });

    [Fact]
    public void Generate_SameSeed_WritesIdenticalBytes()
    {
        using var temp = new TempFolder();
        Generate(temp.File("a"), customers: 5000);
        Generate(temp.File("b"), customers: 5000);

        foreach (var file in WrittenFiles)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(temp.File("a"), file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp.File("b"), file))),
                $"{file} differs between two runs with the same seed");
        }
    }

    [Fact]
    public void Generate_OneThreadOrMany_WritesIdenticalBytes()
    {
        using var temp = new TempFolder();
        foreach (var (name, parallelism) in new[] { ("one", 1), ("many", 5) })
        {
            DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = temp.File(name), Customers = 12_000, Seed = 9, MaxDegreeOfParallelism = parallelism });
        }

        foreach (var file in WrittenFiles)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(temp.File("one"), file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp.File("many"), file))),
                $"{file} depends on the number of threads");
        }
    }

    [Fact]
    public void Generate_DifferentSeed_WritesDifferentData()
    {
        using var temp = new TempFolder();
        Generate(temp.File("a"), seed: 1);
        Generate(temp.File("b"), seed: 2);

        foreach (var file in new[] { "transactions.csv", "customers.csv", "products.csv", "sessions.csv", "truth/customers.csv" })
        {
            Assert.False(
                File.ReadAllBytes(Path.Combine(temp.File("a"), file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp.File("b"), file))),
                $"{file} is the same for two seeds");
        }
    }

    [Fact]
    public void Generate_CommaDecimalCulture_WritesTheSameBytes()
    {
        using var temp = new TempFolder();
        Generate(temp.File("invariant"));
        var previous = CultureInfo.CurrentCulture;
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        comma.DateTimeFormat.DateSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = comma;
            Generate(temp.File("comma"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        foreach (var file in WrittenFiles)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(temp.File("invariant"), file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp.File("comma"), file))),
                $"{file} depends on the current culture");
        }
    }

    [Fact]
    public void Generate_Default_FieldsFollowTheGenericFormat()
    {
        using var temp = new TempFolder();
        var result = Generate(temp.Path);
        var shop = ShopFiles.Read(temp.Path);

        Assert.Equal(result.TransactionRows, shop.Transactions.Length);
        Assert.Equal(result.Customers, shop.Customers.Length);
        Assert.Equal(result.Products, shop.Products.Length);
        Assert.Equal(result.FutureTransactionRows, shop.Future.Length);
        Assert.Equal(shop.Transactions.Length, shop.Truth.GetProperty("rows").GetProperty("transactions.csv").GetInt64());
        var payments = new HashSet<string> { "card", "paypal", "bank_transfer", "cash_on_delivery", "gift_card", "" };
        foreach (var row in shop.Transactions.Concat(shop.Future))
        {
            Assert.Matches(TransactionId(), row[0]);
            Assert.Matches(CustomerId(), row[1]);
            Assert.Matches(ProductId(), row[2]);
            Assert.Matches(Integer(), row[3]);
            Assert.Matches(Money(), row[4]);
            Assert.Matches(Discount(), row[5]);
            var discount = ShopFiles.Number(row[5]);
            Assert.InRange(discount, 0.0, 0.99);
            ShopFiles.Timestamp(row[6]);
            Assert.Contains(row[7], payments);
        }

        var channels = new HashSet<string> { "organic", "paid_search", "social", "email", "referral", "affiliate", "" };
        foreach (var row in shop.Customers)
        {
            Assert.Matches(CustomerId(), row[0]);
            ShopFiles.Date(row[1]);
            Assert.Matches(OptionalInteger(), row[2]);
            Assert.Matches(OptionalCountry(), row[3]);
            Assert.Matches(Domain(), row[4]);
            Assert.Contains(row[5], channels);
        }

        foreach (var row in shop.Products)
        {
            Assert.Matches(ProductId(), row[0]);
            Assert.NotEmpty(row[1]);
            Assert.NotEmpty(row[2]);
            Assert.Matches(Money(), row[4]);
            Assert.InRange(ShopFiles.Number(row[5]), 0.0, 1.0);
        }

        // Ids are unique where the format says so: one line per customer and product.
        Assert.Equal(shop.Customers.Length, shop.Customers.Select(c => c[0]).Distinct().Count());
        Assert.Equal(shop.Products.Length, shop.Products.Select(p => p[0]).Distinct().Count());
    }

    [Fact]
    public void Generate_Default_HistoryCoversTwoYearsWithSeasonalPeak()
    {
        using var temp = new TempFolder();
        Generate(temp.Path, customers: 6000);
        var shop = ShopFiles.Read(temp.Path);
        var times = shop.Transactions.Select(t => ShopFiles.Timestamp(t[6])).Where(t => t.Year is > 2000 and < 2099).ToArray();

        Assert.True(times.Min() >= new DateTime(2024, 10, 1));
        Assert.True(times.Max() < new DateTime(2026, 10, 1));
        var perMonth = times.Where(t => t.Year == 2025).GroupBy(t => t.Month).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(perMonth[12] > 1.3 * perMonth[7], $"December {perMonth[12]} vs July {perMonth[7]}");
        var weekend = times.Count(t => t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) / 2.0;
        var weekday = times.Count(t => t.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) / 5.0;
        Assert.True(weekend > 1.1 * weekday, $"weekend day {weekend} vs weekday {weekday}");
        var night = times.Count(t => t.Hour is >= 2 and < 5);
        var evening = times.Count(t => t.Hour is >= 19 and < 22);
        Assert.True(evening > 5 * night, $"evening {evening} vs night {night}");
    }

    [Fact]
    public void Generate_BothCustomersAndTransactions_Throws()
    {
        using var temp = new TempFolder();
        var options = new DemoShopOptions { OutputDirectory = temp.Path, Customers = 10, Transactions = 100 };

        Assert.Throws<ArgumentException>(() => DemoShopGenerator.Generate(options));
    }

    [Fact]
    public void Generate_TransactionTarget_ReachesAboutThatManyRows()
    {
        using var temp = new TempFolder();
        var result = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = temp.Path, Transactions = 60_000, Seed = 3 });

        Assert.InRange(result.TransactionRows, 54_000, 66_000);
    }

    [GeneratedRegex(@"^T\d{9}$")]
    private static partial Regex TransactionId();

    [GeneratedRegex(@"^C\d{7}$")]
    private static partial Regex CustomerId();

    [GeneratedRegex(@"^P\d{5}$")]
    private static partial Regex ProductId();

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^(\d+)?$")]
    private static partial Regex OptionalInteger();

    [GeneratedRegex(@"^-?\d+\.\d{2}$")]
    private static partial Regex Money();

    [GeneratedRegex(@"^(0|0\.\d{1,2})$")]
    private static partial Regex Discount();

    [GeneratedRegex(@"^([A-Z]{2})?$")]
    private static partial Regex OptionalCountry();

    [GeneratedRegex(@"^[a-z0-9-]+(\.[a-z]+)+$")]
    private static partial Regex Domain();
}
