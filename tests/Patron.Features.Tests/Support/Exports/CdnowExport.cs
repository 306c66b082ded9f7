using System.Globalization;
using Patron.Warehouse.Sources.Cdnow;

namespace Patron.Features.Tests.Support.Exports;

/// <summary>
/// A CDNOW-format purchase log (customer id, yyyymmdd, CDs, dollars; fixed width under a header line, as CDNOW_master.txt). After the
/// cutoff: customers buy again, some at far higher or lower amounts per CD, and new customers appear.
/// </summary>
internal static class CdnowExport
{
    private const string Header = " customer_id  date number_of_cds  dollar_value";

    public static ShopExport Write(string root, int seed)
    {
        var random = new Random(seed);
        var cutoff = new DateOnly(1997, 10, 1);
        var start = new DateTime(1997, 1, 1);
        var cut = cutoff.ToDateTime(TimeOnly.MinValue);
        var end = new DateTime(1998, 6, 30);
        var before = new List<(DateTime Day, string Row)>();
        var after = new List<(DateTime Day, string Row)>();
        var customers = random.Next(6, 12);
        for (var c = 1; c <= customers; c++)
        {
            for (var p = random.Next(1, 6); p > 0; p--)
            {
                var day = start.AddDays(random.Next((int)(cut - start).TotalDays));
                var cds = random.Next(1, 4);
                before.Add((day, Row(c, day, cds, cds * (10 + random.Next(0, 300) / 100.0))));
            }

            for (var p = random.Next(0, 4); p > 0; p--)
            {
                var day = cut.AddDays(random.Next((int)(end - cut).TotalDays));
                var cds = random.Next(1, 4);
                after.Add((day, Row(c, day, cds, cds * (random.Next(2) == 0 ? 400 : 0.4))));
            }
        }

        for (var n = 1; n <= 2; n++)
        {
            var day = cut.AddDays(random.Next((int)(end - cut).TotalDays));
            after.Add((day, Row(customers + n, day, 1, 12)));
        }

        var cutFolder = Path.Combine(root, "before");
        Directory.CreateDirectory(cutFolder);
        File.WriteAllLines(Path.Combine(cutFolder, "CDNOW_master.txt"), [Header, .. before.OrderBy(b => b.Day).Select(b => b.Row)]);
        var whole = Path.Combine(root, "whole");
        Directory.CreateDirectory(whole);
        File.WriteAllLines(Path.Combine(whole, "CDNOW_master.txt"), [Header, .. before.Concat(after).OrderBy(b => b.Day).Select(b => b.Row)]);
        return new ShopExport(new CdnowSource(), cutoff, [cutFolder], [whole]);
    }

    private static string Row(int customer, DateTime day, int cds, double dollars)
        => string.Create(CultureInfo.InvariantCulture, $" {customer:D5} {day:yyyyMMdd}  {cds}   {dollars:0.00}");
}
