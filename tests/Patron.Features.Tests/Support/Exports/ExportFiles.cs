using System.Globalization;
using System.Text;

namespace Patron.Features.Tests.Support.Exports;

/// <summary>Small helpers the export writers share: files, seeded shuffles, invariant formatting.</summary>
internal static class ExportFiles
{
    public static void Write(string folder, string name, string header, IEnumerable<string> rows)
    {
        Directory.CreateDirectory(folder);
        var text = new StringBuilder(header).Append('\n');
        foreach (var row in rows)
        {
            text.Append(row).Append('\n');
        }

        File.WriteAllText(Path.Combine(folder, name), text.ToString(), new UTF8Encoding(false));
    }

    /// <summary>A seeded Fisher–Yates shuffle: the later export need not list rows in time order.</summary>
    public static List<T> Shuffled<T>(IEnumerable<T> items, Random random)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }

    public static DateTime Between(Random random, DateTime from, DateTime to)
        => from.AddSeconds(Math.Floor(random.NextDouble() * (to - from).TotalSeconds));

    public static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Day(DateTime time) => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Money(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A natural price: within ±5 % of the product's base price.</summary>
    public static double Natural(Random random, double basePrice) => Math.Round(basePrice * (0.95 + (0.1 * random.NextDouble())), 2);
}
