using System.Globalization;
using Patron.Warehouse.Sources.Sessions;
using static Patron.Features.Tests.Support.Exports.ExportFiles;

namespace Patron.Features.Tests.Support.Exports;

/// <summary>
/// A sessions-format shop (customers.csv and sessions.csv; a session with a purchase is also an order). After the
/// cutoff: two products are bought at 30 times above and below their usual amount, a session id is used again, new
/// customers visit and buy, and customers.csv is exported again with changed locations and ages.
/// </summary>
internal static class SessionsExport
{
    private const string Customers = "customer_id,age,gender,location,signup_date";
    private const string Sessions = "session_id,customer_id,session_date,product_viewed,browsing_time_sec,purchase_made,purchase_amount";
    private static readonly string[] Locations = ["London", "Leeds", "York", "Bath"];
    private static readonly string[] Products = ["Laptop", "Phone", "Headphones", "Camera"];
    private static readonly double[] Amounts = [899, 499, 59.9, 320];

    public static ShopExport Write(string root, int seed)
    {
        var random = new Random(seed);
        var cutoff = new DateOnly(2023, 7, 1);
        var start = new DateTime(2023, 1, 1);
        var cut = cutoff.ToDateTime(TimeOnly.MinValue);
        var end = cut.AddDays(120);
        var customers = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var c = 1; c <= random.Next(5, 9); c++)
        {
            var id = "C" + c.ToString("D3", CultureInfo.InvariantCulture);
            customers[id] = [id, Number(random.Next(18, 70)), random.Next(2) == 0 ? "Female" : "Male", Locations[random.Next(Locations.Length)], Day(start.AddDays(-random.Next(1, 90)))];
        }

        var ids = customers.Keys.ToList();
        var next = 0;
        string Session(string customer, DateTime at, int product, bool bought, double amount, string? id = null)
            => string.Create(CultureInfo.InvariantCulture,
                $"{id ?? "S" + (++next).ToString("D4", CultureInfo.InvariantCulture)},{customer},{Stamp(at)},{Products[product]},{random.Next(10, 900)},{(bought ? "Yes" : "No")},{(bought ? Money(amount) : "")}");

        var before = new List<string>();
        for (var s = 0; s < ids.Count * 4; s++)
        {
            var product = random.Next(Products.Length);
            var bought = random.Next(3) == 0;
            before.Add(Session(ids[random.Next(ids.Count)], Between(random, start, cut.AddHours(-1)), product, bought, Natural(random, Amounts[product])));
        }

        var after = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            after.Add(Session(ids[random.Next(ids.Count)], Between(random, cut, end), 0, true, Natural(random, Amounts[0] * 30)));
            after.Add(Session(ids[random.Next(ids.Count)], Between(random, cut, end), 1, true, Natural(random, Amounts[1] / 30)));
        }

        after.Add(Session(ids[0], Between(random, cut, end), 2, true, Amounts[2], id: before[0].Split(',')[0]));
        var later = new Dictionary<string, string[]>(customers, StringComparer.Ordinal);
        for (var n = 1; n <= 2; n++)
        {
            var id = "N" + n.ToString("D3", CultureInfo.InvariantCulture);
            later[id] = [id, "30", "Female", "Bath", Day(cut)];
            after.Add(Session(id, Between(random, cut, end), 3, true, Amounts[3]));
        }

        var changed = new Dictionary<string, string[]>(later, StringComparer.Ordinal);
        foreach (var id in ids.Where((_, i) => i % 2 == 0))
        {
            var row = (string[])changed[id].Clone();
            row[1] = Number(int.Parse(row[1], CultureInfo.InvariantCulture) + 1);
            row[3] = row[3] == "London" ? "Leeds" : "London";
            changed[id] = row;
        }

        var cutFolder = Path.Combine(root, "before");
        WriteShop(cutFolder, customers.Values, before);
        var whole = Path.Combine(root, "whole");
        WriteShop(whole, later.Values, Shuffled(before.Concat(after), random));
        var reexport = Path.Combine(root, "whole-reexport");
        WriteShop(reexport, changed.Values, File.ReadLines(Path.Combine(whole, "sessions.csv")).Skip(1));
        return new ShopExport(new SessionsSource(), cutoff, [cutFolder], [whole, reexport]);
    }

    private static void WriteShop(string folder, IEnumerable<string[]> customers, IEnumerable<string> sessions)
    {
        ExportFiles.Write(folder, "customers.csv", Customers, customers.Select(c => string.Join(',', c)));
        ExportFiles.Write(folder, "sessions.csv", Sessions, sessions);
    }
}
