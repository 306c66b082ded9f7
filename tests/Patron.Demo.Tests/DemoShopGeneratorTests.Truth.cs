using Patron.Demo.Tests.Support;

namespace Patron.Demo.Tests;

public sealed partial class DemoShopGeneratorTests
{
    private static readonly string[] DefectKeys =
    [
        "exact_duplicates", "business_key_duplicates", "negative_quantity", "zero_quantity", "zero_or_negative_price",
        "price_outliers", "orphan_customers", "orphan_products", "future_timestamps", "pre_opening_timestamps",
        "registration_after_first_purchase",
    ];

    private static readonly string[] MissingColumns =
    [
        "customers.age", "customers.country", "customers.acquisition_channel", "transactions.payment_method", "products.brand",
    ];

    [Theory]
    [InlineData(3000, 0.005, 11UL)]
    [InlineData(4000, 0.03, 12UL)]
    [InlineData(600, 0.05, 13UL)]
    public void Generate_WithDefects_TruthCountsEqualCountsFromTheFiles(int customers, double defectRate, ulong seed)
    {
        using var temp = new TempFolder();
        Generate(temp.Path, customers, seed, defectRate);
        var shop = ShopFiles.Read(temp.Path);

        // The registration rule gives the same count whether 1970 rows count as first transactions or not.
        foreach (var validOnly in new[] { false, true })
        {
            var counted = DefectCounter.Count(shop, validOnly);
            foreach (var key in DefectKeys)
            {
                Assert.True(shop.Defect(key) == counted[key], $"{key}: truth {shop.Defect(key)}, files {counted[key]} (valid timestamps only: {validOnly})");
            }

            foreach (var column in MissingColumns)
            {
                Assert.True(shop.Missing(column) == counted[column], $"missing {column}: truth {shop.Missing(column)}, files {counted[column]}");
            }
        }

        foreach (var key in DefectKeys)
        {
            Assert.True(shop.Defect(key) > 0, $"no {key} injected");
        }
    }

    [Fact]
    public void Generate_WithDefects_InjectedOutliersArePricedFarAboveTheirBase()
    {
        using var temp = new TempFolder();
        Generate(temp.Path, customers: 4000, defectRate: 0.02);
        var shop = ShopFiles.Read(temp.Path);
        var basePrice = shop.Products.ToDictionary(p => p[0], p => ShopFiles.Number(p[4]));

        var far = shop.Transactions.Count(t => basePrice.TryGetValue(t[2], out var b) && ShopFiles.Number(t[4]) > 15 * b);
        var near = shop.Transactions.Count(t =>
            basePrice.TryGetValue(t[2], out var b) && ShopFiles.Number(t[4]) is var p && p > 0 && Math.Abs(p / b - 1) <= 0.05);
        var elsewhere = shop.Transactions.Count(t => ShopFiles.Number(t[4]) > 0 && basePrice.ContainsKey(t[2])) - far - near;

        Assert.Equal(shop.Defect("price_outliers"), far);
        Assert.Equal(0, elsewhere);
    }

    [Fact]
    public void Generate_Clean_HasReturnsButNoDefects()
    {
        using var temp = new TempFolder();
        Generate(temp.Path, clean: true);
        var shop = ShopFiles.Read(temp.Path);
        var counted = DefectCounter.Count(shop);

        foreach (var key in DefectKeys.Where(k => k != "negative_quantity"))
        {
            Assert.Equal(0, counted[key]);
            Assert.Equal(0, shop.Defect(key));
        }

        foreach (var column in MissingColumns)
        {
            Assert.Equal(0, counted[column]);
        }

        Assert.Equal(shop.Defect("negative_quantity"), counted["negative_quantity"]);
        Assert.True(counted["negative_quantity"] > 0);
    }

    [Fact]
    public void Generate_Clean_RowsAreTheCleanRowsOfTheDefaultRun()
    {
        using var temp = new TempFolder();
        Generate(temp.File("clean"), clean: true);
        Generate(temp.File("dirty"));
        var clean = ShopFiles.Read(temp.File("clean"));
        var dirty = ShopFiles.Read(temp.File("dirty"));

        // Defects come from their own random streams: behaviour (and hence the truth) does not change.
        Assert.Equal(clean.TruthCustomerLines, dirty.TruthCustomerLines);
        Assert.Equal(clean.FutureLines, dirty.FutureLines);
    }

    [Fact]
    public void Generate_Default_RegistrationPrecedesFirstPurchaseExceptInjected()
    {
        using var temp = new TempFolder();
        Generate(temp.Path, customers: 4000);
        var shop = ShopFiles.Read(temp.Path);
        var first = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var row in shop.Transactions)
        {
            var time = ShopFiles.Timestamp(row[6]);
            if (time.Year is > 2000 and < 2099 && (!first.TryGetValue(row[1], out var current) || time < current))
            {
                first[row[1]] = time;
            }
        }

        var late = 0;
        var gaps = new List<double>();
        foreach (var customer in shop.Customers)
        {
            if (!first.TryGetValue(customer[0], out var firstPurchase))
            {
                continue;
            }

            var registered = ShopFiles.Date(customer[1]);
            if (registered > firstPurchase)
            {
                late++;
            }
            else
            {
                gaps.Add((firstPurchase - registered).TotalDays);
            }
        }

        Assert.Equal(shop.Defect("registration_after_first_purchase"), late);
        Assert.InRange(gaps.Average(), 2.0, 8.0);
    }
}
