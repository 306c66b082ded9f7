using System.Globalization;
using Patron.Warehouse.Sources.Generic;
using static Patron.Features.Tests.Support.Exports.ExportFiles;

namespace Patron.Features.Tests.Support.Exports;

/// <summary>
/// A generic-format shop (transactions.csv, customers.csv, products.csv, sessions.csv). After the cutoff: two products
/// sell at prices 30 times above and below their usual ones, often enough to move their median over the whole history;
/// earlier purchases are returned; a transaction id and a session id are reused; new customers buy; and customers.csv is
/// exported again with changed attributes. The later export lists its rows in shuffled order.
/// </summary>
internal static class GenericExport
{
    private const string Transactions = "transaction_id,customer_id,product_id,quantity,price,discount,timestamp,payment_method";
    private const string Customers = "customer_id,registration_date,age,country,email_domain,acquisition_channel";
    private const string Products = "product_id,category,subcategory,brand,base_price,margin";
    private const string Sessions = "session_id,customer_id,started_at,duration_sec,page_views,product_id,purchased";
    private static readonly string[] Countries = ["DE", "FR", "GB", "US"];
    private static readonly string[] Emails = ["gmail.com", "firm.com", "uni.edu"];
    private static readonly string[] Channels = ["organic", "social", "paid_search"];
    private static readonly string[] Payments = ["card", "paypal", "bank_transfer"];

    public static ShopExport Write(string root, int seed)
    {
        var random = new Random(seed);
        var cutoff = new DateOnly(2024, 1, 1);
        var start = new DateTime(2023, 1, 1);
        var cut = cutoff.ToDateTime(TimeOnly.MinValue);
        var end = cut.AddDays(150);
        var basePrice = new double[7];
        var products = new List<string>();
        for (var p = 1; p <= 6; p++)
        {
            basePrice[p] = 10 * p;
            products.Add(string.Create(CultureInfo.InvariantCulture, $"P{p},Cat{p % 3},Sub{p},Brand{p % 2},{basePrice[p]},0.{p}"));
        }

        var customers = new List<string>();
        var customerRows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var count = random.Next(5, 9);
        for (var c = 1; c <= count; c++)
        {
            customerRows[$"C{c}"] = [$"C{c}", Day(start.AddDays(-random.Next(1, 60))), Number(random.Next(18, 80)),
                Countries[random.Next(Countries.Length)], Emails[random.Next(Emails.Length)], Channels[random.Next(Channels.Length)]];
            customers.Add($"C{c}");
        }

        var before = new List<string>();
        var after = new List<string>();
        var purchases = new List<(string Id, string Customer, int Product, int Quantity, double Price, DateTime At)>();
        var next = 0;
        string Id(string prefix) => prefix + (++next).ToString("D4", CultureInfo.InvariantCulture);
        string Row(string id, string customer, int product, int quantity, double price, double discount, DateTime at)
            => string.Create(CultureInfo.InvariantCulture, $"{id},{customer},P{product},{quantity},{Money(price)},{discount},{Stamp(at)},{Payments[random.Next(Payments.Length)]}");

        foreach (var customer in customers)
        {
            for (var o = random.Next(2, 7); o > 0; o--)
            {
                var product = random.Next(1, 7);
                var quantity = random.Next(1, 4);
                var price = Natural(random, basePrice[product]);
                var at = Between(random, start, cut);
                var id = Id("T");
                before.Add(Row(id, customer, product, quantity, price, random.Next(4) == 0 ? 0.1 : 0, at));
                purchases.Add((id, customer, product, quantity, price, at));
                if (random.Next(5) == 0 && at.AddDays(20) < cut)
                {
                    before.Add(Row(Id("T"), customer, product, -1, price, 0, at.AddDays(random.Next(1, 20))));
                }
            }
        }

        // Prices move after the cutoff: P1 far up, P2 far down, more sales than before, so a whole-history median moves.
        for (var i = 0; i < 16; i++)
        {
            after.Add(Row(Id("T"), customers[random.Next(customers.Count)], 1, 1, Natural(random, basePrice[1] * 30), 0, Between(random, cut, end)));
            after.Add(Row(Id("T"), customers[random.Next(customers.Count)], 2, 1, Natural(random, basePrice[2] / 30), 0, Between(random, cut, end)));
        }

        // Earlier purchases returned after the cutoff, and an earlier transaction id reused for a later sale.
        foreach (var p in purchases.Where((_, i) => i % 3 == 0))
        {
            after.Add(Row(Id("T"), p.Customer, p.Product, -p.Quantity, p.Price, 0, Between(random, cut, end)));
        }

        var reused = purchases[random.Next(purchases.Count)];
        after.Add(Row(reused.Id, customers[random.Next(customers.Count)], 3, 5, basePrice[3] * 40, 0, Between(random, cut, end)));

        // New customers buy after the cutoff.
        var later = new Dictionary<string, string[]>(customerRows, StringComparer.Ordinal);
        for (var n = 1; n <= 2; n++)
        {
            later[$"N{n}"] = [$"N{n}", Day(cut), "30", "DE", "gmail.com", "organic"];
            after.Add(Row(Id("T"), $"N{n}", random.Next(1, 7), 1, basePrice[4], 0, Between(random, cut, end)));
        }

        // Sessions before and after; one id given again to a later visit.
        var sessionsBefore = new List<string>();
        var sessionsAfter = new List<string>();
        for (var s = 0; s < count * 2; s++)
        {
            sessionsBefore.Add(Session(Id("S"), customers[random.Next(customers.Count)], Between(random, start, cut.AddHours(-2)), random));
        }

        sessionsAfter.Add(Session(sessionsBefore[0].Split(',')[0], customers[random.Next(customers.Count)], Between(random, cut, end), random));
        for (var s = 0; s < count; s++)
        {
            sessionsAfter.Add(Session(Id("S"), customers[random.Next(customers.Count)], Between(random, cut, end), random));
        }

        // The re-export: some customers moved, aged, changed e-mail and channel.
        var changed = new Dictionary<string, string[]>(later, StringComparer.Ordinal);
        foreach (var customer in customers.Where((_, i) => i % 2 == 0))
        {
            var row = (string[])changed[customer].Clone();
            row[2] = Number(int.Parse(row[2], CultureInfo.InvariantCulture) + 1);
            row[3] = row[3] == "DE" ? "FR" : "DE";
            row[4] = row[4] == "firm.com" ? "gmail.com" : "firm.com";
            row[5] = row[5] == "organic" ? "social" : "organic";
            changed[customer] = row;
        }

        // The re-export also renames every other product's category, brand and margin: known only from that export on.
        var movedProducts = products.Select((row, i) => i % 2 == 1 ? row : Moved(row)).ToList();

        var cutFolder = Path.Combine(root, "before");
        WriteShop(cutFolder, before, customerRows.Values, products, sessionsBefore);
        var first = Path.Combine(root, "whole");
        WriteShop(first, Shuffled(before.Concat(after), random), Shuffled(later.Values, random), products, Shuffled(sessionsBefore.Concat(sessionsAfter), random));
        var second = Path.Combine(root, "whole-reexport");
        WriteShop(second, File.ReadLines(Path.Combine(first, "transactions.csv")).Skip(1), changed.Values, movedProducts,
            File.ReadLines(Path.Combine(first, "sessions.csv")).Skip(1));
        return new ShopExport(new GenericSource(), cutoff, [cutFolder], [first, second]);
    }

    private static string Moved(string product)
    {
        var row = product.Split(',');
        row[1] = "Moved" + row[1];
        row[3] = row[3] == "Brand0" ? "Brand1" : "Brand0";
        row[5] = "0.05";
        return string.Join(',', row);
    }

    private static string Session(string id, string customer, DateTime at, Random random)
        => string.Create(CultureInfo.InvariantCulture, $"{id},{customer},{Stamp(at)},{random.Next(10, 900)},{random.Next(1, 20)},P{random.Next(1, 7)},{(random.Next(3) == 0 ? "true" : "false")}");

    private static void WriteShop(string folder, IEnumerable<string> transactions, IEnumerable<string[]> customers, List<string> products, IEnumerable<string> sessions)
    {
        ExportFiles.Write(folder, "transactions.csv", Transactions, transactions);
        ExportFiles.Write(folder, "customers.csv", Customers, customers.Select(c => string.Join(',', c)));
        ExportFiles.Write(folder, "products.csv", Products, products);
        ExportFiles.Write(folder, "sessions.csv", Sessions, sessions);
    }
}
