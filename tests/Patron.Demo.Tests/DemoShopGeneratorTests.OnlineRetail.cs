using System.Globalization;

namespace Patron.Demo.Tests;

/// <summary>The Online Retail format: the UCI columns, invoices of several lines, cancellations, postage and manual
/// lines, invoices without a customer, customers who move and prices that change, all from the same simulation.</summary>
public sealed partial class DemoShopGeneratorTests
{
    private const string RetailHeader = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    private static DemoShopResult GenerateRetail(string directory, int customers = 3000, ulong seed = 7, int? parallelism = null) =>
        DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = directory,
            Customers = customers,
            Seed = seed,
            Format = DemoShopFormat.OnlineRetail,
            MaxDegreeOfParallelism = parallelism,
        });

    [Fact]
    public void Generate_OnlineRetailSameSeedOneThreadOrMany_WritesIdenticalBytes()
    {
        using var temp = new TempFolder();
        GenerateRetail(temp.File("one"), customers: 9_000, parallelism: 1);
        GenerateRetail(temp.File("many"), customers: 9_000, parallelism: 4);

        foreach (var file in new[] { DemoShopGenerator.OnlineRetailFile, "truth/truth.json", "truth/customers.csv", "truth/future_transactions.csv" })
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(temp.File("one"), file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp.File("many"), file))),
                $"{file} differs");
        }
    }

    [Fact]
    public void Generate_OnlineRetail_WritesOnlyTheUciFileWithItsTraits()
    {
        using var temp = new TempFolder();
        var result = GenerateRetail(temp.File("shop"));

        var lines = File.ReadAllLines(Path.Combine(result.OutputDirectory, DemoShopGenerator.OnlineRetailFile));
        Assert.Equal(RetailHeader, lines[0]);
        Assert.Equal(lines.Length - 1, result.TransactionRows);
        foreach (var generic in new[] { "transactions.csv", "customers.csv", "products.csv", "sessions.csv" })
        {
            Assert.False(File.Exists(Path.Combine(result.OutputDirectory, generic)), generic);
        }

        var invoices = new HashSet<string>(StringComparer.Ordinal);
        var countries = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var prices = new Dictionary<string, HashSet<decimal>>(StringComparer.Ordinal);
        int cancellations = 0, postage = 0, manual = 0, anonymous = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            Assert.Equal(8, cells.Length);
            invoices.Add(cells[0]);
            var quantity = int.Parse(cells[3], CultureInfo.InvariantCulture);
            if (cells[0].StartsWith('C'))
            {
                cancellations++;
                Assert.True(quantity < 0, lines[i]);
            }

            Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:00$", cells[4]);
            postage += cells[1] == "POST" ? 1 : 0;
            manual += cells[1] == "M" ? 1 : 0;
            if (cells[6].Length == 0)
            {
                anonymous++;
                continue;
            }

            Assert.True(long.Parse(cells[6], CultureInfo.InvariantCulture) > RetailCustomerIdFloor, lines[i]);
            (countries.TryGetValue(cells[6], out var seen) ? seen : countries[cells[6]] = new(StringComparer.Ordinal)).Add(cells[7]);
            var price = decimal.Parse(cells[5], CultureInfo.InvariantCulture);
            (prices.TryGetValue(cells[1], out var levels) ? levels : prices[cells[1]] = []).Add(price);
        }

        var rows = lines.Length - 1;
        Assert.InRange(rows / (double)invoices.Count, 2.5, 4.0);
        Assert.InRange(cancellations, 100, rows / 20);
        Assert.True(postage > 500, $"{postage} postage lines");
        Assert.True(manual > 0);
        Assert.InRange(anonymous / (double)rows, 0.04, 0.15);

        // About 3 % of customers move: some customer ids carry two countries.
        var moved = countries.Values.Count(c => c.Count > 1);
        Assert.InRange(moved, 10, countries.Count / 10);

        // A product whose price changed sells at two levels more than 5 % apart (the daily noise stays within ±5 %).
        var changed = prices.Count(p => p.Value.Count > 1 && p.Value.Max() > p.Value.Min() * 1.12m);
        Assert.True(changed > 50, $"{changed} stock codes with a price change");
    }

    private const long RetailCustomerIdFloor = 12_345;
}
