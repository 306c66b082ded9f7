using System.Globalization;
using Patron.Warehouse.Sources.OnlineRetail;
using static Patron.Features.Tests.Support.Exports.ExportFiles;

namespace Patron.Features.Tests.Support.Exports;

/// <summary>
/// An Online Retail-format shop (one file of invoice lines, month-first dates as in the UCI original). After the cutoff:
/// two products sell 30 times above and below their usual price, customers order from another country, C invoices
/// cancel earlier purchases, an earlier invoice number is used again, new customers buy and lines without a customer
/// appear. The later export is the earlier one with the new lines appended, as the shop's system would write it.
/// </summary>
internal static class OnlineRetailExport
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
    private static readonly string[] Countries = ["United Kingdom", "France", "Germany", "EIRE"];

    public static ShopExport Write(string root, int seed)
    {
        var random = new Random(seed);
        var cutoff = new DateOnly(2011, 6, 1);
        var start = new DateTime(2010, 12, 1);
        var cut = cutoff.ToDateTime(TimeOnly.MinValue);
        var end = cut.AddDays(180);
        string[] codes = ["85123A", "71053", "84406B", "22633", "22728", "21730"];
        double[] prices = [2.55, 3.39, 2.75, 1.85, 3.75, 4.25];
        var customers = new List<(string Id, string Country)>();
        for (var c = 0; c < random.Next(5, 9); c++)
        {
            customers.Add(((12346 + (c * 7)).ToString(CultureInfo.InvariantCulture), Countries[random.Next(Countries.Length)]));
        }

        var before = new List<string>();
        var after = new List<string>();
        var invoice = 536365;
        var purchases = new List<(string Invoice, string Customer, string Country, int Code, int Quantity, double Price)>();
        string Line(string number, int code, int quantity, DateTime at, double price, string customer, string country)
            => string.Create(CultureInfo.InvariantCulture,
                $"{number},{codes[code]},ITEM {codes[code]},{quantity},{at.ToString("M/d/yyyy H:mm", CultureInfo.InvariantCulture)},{price},{customer},{country}");

        // Earlier invoices, time-ordered as the original file is.
        var earlier = new List<(DateTime At, string Customer, string Country)>();
        foreach (var (id, country) in customers)
        {
            for (var o = random.Next(2, 6); o > 0; o--)
            {
                // Now and then a customer orders from another country before the cutoff too.
                earlier.Add((Minute(Between(random, start, cut.AddMinutes(-1))), id, random.Next(5) == 0 ? Countries[random.Next(Countries.Length)] : country));
            }
        }

        foreach (var (at, customer, country) in earlier.OrderBy(e => e.At))
        {
            var number = (invoice++).ToString(CultureInfo.InvariantCulture);
            for (var l = random.Next(1, 4); l > 0; l--)
            {
                var code = random.Next(codes.Length);
                var quantity = random.Next(1, 13);
                var price = Natural(random, prices[code]);
                before.Add(Line(number, code, quantity, at, price, customer, country));
                purchases.Add((number, customer, country, code, quantity, price));
            }

            if (random.Next(4) == 0)
            {
                before.Add(Line(number, 0, 1, at, 18, customer, country).Replace(codes[0], "POST", StringComparison.Ordinal));
            }
        }

        var later = new List<(DateTime At, string Row)>();
        void Add(DateTime at, string row) => later.Add((at, row));

        // Prices move far up (first code) and far down (second) after the cutoff, more often than they sold before.
        for (var i = 0; i < 14; i++)
        {
            var (id, country) = customers[random.Next(customers.Count)];
            var at = Minute(Between(random, cut, end));
            var number = (invoice++).ToString(CultureInfo.InvariantCulture);
            Add(at, Line(number, 0, 2, at, Natural(random, prices[0] * 30), id, country));
            Add(at, Line(number, 1, 2, at, Natural(random, prices[1] / 30), id, country));
        }

        // Customers order from another country; earlier purchases are cancelled; new customers and anonymous lines.
        foreach (var (id, country) in customers.Where((_, i) => i % 2 == 0))
        {
            var at = Minute(Between(random, cut, end));
            Add(at, Line((invoice++).ToString(CultureInfo.InvariantCulture), 2, 3, at, prices[2], id, country == "France" ? "Germany" : "France"));
        }

        foreach (var p in purchases.Where((_, i) => i % 4 == 0))
        {
            var at = Minute(Between(random, cut, end));
            Add(at, Line("C" + (invoice++).ToString(CultureInfo.InvariantCulture), p.Code, -p.Quantity, at, p.Price, p.Customer, p.Country));
        }

        var reused = purchases[random.Next(purchases.Count)];
        var again = Minute(Between(random, cut, end));
        Add(again, Line(reused.Invoice, 3, 7, again, prices[3], customers[random.Next(customers.Count)].Id, "Spain"));
        for (var n = 0; n < 2; n++)
        {
            var at = Minute(Between(random, cut, end));
            Add(at, Line((invoice++).ToString(CultureInfo.InvariantCulture), 4, 1, at, prices[4], (18000 + n).ToString(CultureInfo.InvariantCulture), "Norway"));
        }

        var anonymous = Minute(Between(random, cut, end));
        Add(anonymous, Line((invoice++).ToString(CultureInfo.InvariantCulture), 5, 1, anonymous, prices[5], "", "United Kingdom"));

        var cutFolder = Path.Combine(root, "before");
        ExportFiles.Write(cutFolder, "online_retail.csv", Header, before);
        var whole = Path.Combine(root, "whole");
        ExportFiles.Write(whole, "online_retail.csv", Header, before.Concat(later.OrderBy(l => l.At).Select(l => l.Row)));
        return new ShopExport(new OnlineRetailSource(), cutoff, [cutFolder], [whole]);
    }

    private static DateTime Minute(DateTime time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0);
}
