using System.Globalization;
using Patron.Demo.Tests.Support;

namespace Patron.Demo.Tests;

public sealed partial class DemoShopGeneratorTests
{
    [Fact]
    public void Generate_Default_EveryReturnFollowsAPurchaseOfTheSameProduct()
    {
        using var temp = new TempFolder();
        Generate(temp.Path, customers: 6000);
        var shop = ShopFiles.Read(temp.Path);
        var purchases = new Dictionary<(string Customer, string Product), List<(DateTime Time, int Quantity, string Price)>>();
        foreach (var row in shop.Transactions)
        {
            var quantity = int.Parse(row[3], CultureInfo.InvariantCulture);
            if (quantity > 0)
            {
                var key = (row[1], row[2]);
                if (!purchases.TryGetValue(key, out var list))
                {
                    purchases[key] = list = [];
                }

                list.Add((ShopFiles.Timestamp(row[6]), quantity, row[4]));
            }
        }

        var returns = 0;
        foreach (var row in shop.Transactions)
        {
            var quantity = int.Parse(row[3], CultureInfo.InvariantCulture);
            if (quantity >= 0)
            {
                continue;
            }

            returns++;
            var time = ShopFiles.Timestamp(row[6]);
            Assert.True(
                purchases.TryGetValue((row[1], row[2]), out var bought)
                    && bought.Exists(p => p.Time.AddDays(1) <= time && -quantity <= p.Quantity && p.Price == row[4]),
                $"return without a matching earlier purchase: {string.Join(',', row)}");
        }

        Assert.InRange(returns / (double)shop.Transactions.Length, 0.01, 0.03);
    }

    [Fact]
    public void Generate_Default_PopularityIsHeavyHeadedAndCustomersAreLoyal()
    {
        using var temp = new TempFolder();
        Generate(temp.Path, customers: 10_000, clean: true);
        var shop = ShopFiles.Read(temp.Path);
        var categoryOf = shop.Products.ToDictionary(p => p[0], p => p[1]);
        var favourite = shop.TruthCustomers.ToDictionary(t => t[0], t => t[8]);
        var perProduct = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFavourite = 0;
        var total = 0;
        foreach (var row in shop.Transactions)
        {
            if (int.Parse(row[3], CultureInfo.InvariantCulture) <= 0)
            {
                continue;
            }

            total++;
            perProduct[row[2]] = perProduct.GetValueOrDefault(row[2]) + 1;
            inFavourite += categoryOf[row[2]] == favourite[row[1]] ? 1 : 0;
        }

        // Zipf(1.1): the top 1 % of products take a large share; a uniform choice would give them 1 %.
        var counts = perProduct.Values.OrderDescending().ToArray();
        var top = counts.Take(Math.Max(1, shop.Products.Length / 100)).Sum();
        Assert.True(top > 0.25 * total, $"top 1 % of products: {top} of {total} purchases");

        // Eight categories, none above 20 % of the range: loyalty puts far more than that in the favourite one.
        Assert.True(inFavourite > 0.45 * total, $"{inFavourite} of {total} purchases in the favourite category");
    }

    [Fact]
    public void Generate_Default_ProductsHaveConsistentCategoriesBrandsAndMargins()
    {
        using var temp = new TempFolder();
        Generate(temp.Path, customers: 5000);
        var shop = ShopFiles.Read(temp.Path);
        var categories = new HashSet<string> { "Electronics", "Home", "Fashion", "Beauty", "Sports", "Books", "Toys", "Grocery" };
        var brandCategory = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var product in shop.Products)
        {
            Assert.Contains(product[1], categories);
            Assert.InRange(ShopFiles.Number(product[4]), 1.0, 5000.0);
            Assert.InRange(ShopFiles.Number(product[5]), 0.05, 0.8);
            if (product[3].Length > 0)
            {
                // A brand belongs to one category.
                Assert.Equal(brandCategory.TryAdd(product[3], product[1]) ? product[1] : brandCategory[product[3]], product[1]);
            }
        }

        Assert.Equal(categories.Count, shop.Products.Select(p => p[1]).Distinct().Count());
    }
}
