using System.Globalization;
using Patron.Features.Tests.Support.Exports;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;
using Patron.Warehouse.Sources;
using Patron.Warehouse.Sources.Cdnow;
using Patron.Warehouse.Sources.Olist;

namespace Patron.Features.Tests.Properties;

/// <summary>
/// The real-format samples under tests/data, ingested whole and cut at a cutoff inside their date range (every row dated
/// before it, as an export made that day would hold), give the same gold at the cutoff. The Online Retail sample covers
/// one morning, so no day can cut it (SourcePointInTimeTests covers the format with a generated shop); Online Shoppers
/// sessions carry no date (covered there too).
/// </summary>
public sealed class SamplePointInTimeTests
{
    [Theory]
    [InlineData("olist", "2018-01-01")]
    [InlineData("olist", "2017-09-15")]
    [InlineData("cdnow", "1997-04-01")]
    [InlineData("cdnow", "1997-10-01")]
    public void Gold_SampleCutAtTheCutoff_SameAsTheWholeSample(string sample, string day)
    {
        using var temp = new TempFolder();
        var cutoff = DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (source, whole, cut) = sample switch
        {
            "olist" => (new OlistSource(), TestData.OlistSamples, CutOlist(temp.Folder("cut"), cutoff)),
            "cdnow" => ((ISourceAdapter)new CdnowSource(), CdnowWhole(temp.Folder("whole")), CutCdnow(temp.Folder("cut"), cutoff)),
            _ => throw new ArgumentOutOfRangeException(nameof(sample), sample, "no such sample"),
        };

        // The Olist sample's files are the heads of the full files: most orders name customer rows the sample lacks, so
        // orphans are kept (as --keep-orphans does) to give the cutoff customers.
        var options = new IngestOptions { Policy = new QualityPolicy { KeepOrphans = true } };
        var before = ExportWarehouse.Gold(ExportWarehouse.Ingest(temp.File("cut.duckdb"), source, [cut], options), cutoff);
        var after = ExportWarehouse.Gold(ExportWarehouse.Ingest(temp.File("whole.duckdb"), source, [whole], options), cutoff);

        Assert.True(before["customer_features"].Count > 0, "the cutoff must have customers");
        GoldComparison.AssertIdentical(before, after, $"{sample} at {day}");
    }

    /// <summary>Orders placed before the cutoff with their items and payments, reviews written before it, the customer rows
    /// of those orders, and the master files whole. Rows naming an order the file does not hold carry no date of their
    /// own and stay (the sample's files are the heads of the full files, so most of them name such orders).</summary>
    private static string CutOlist(string folder, DateOnly cutoff)
    {
        var limit = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var source = TestData.OlistSamples;
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var every = CsvText.Records(Path.Combine(source, "olist_orders_dataset.csv")).Skip(1).Where(r => r.Length > 0).Select(CsvText.Fields).ToList();
        var everyOrder = every.Select(f => f[0]).ToHashSet(StringComparer.Ordinal);
        var everyBuyer = every.Select(f => f[1]).ToHashSet(StringComparer.Ordinal);
        var orders = Filter(folder, "olist_orders_dataset.csv", f => string.CompareOrdinal(f[3], limit) < 0);
        var kept = orders.Select(f => f[0]).ToHashSet(StringComparer.Ordinal);
        var buyers = orders.Select(f => f[1]).ToHashSet(StringComparer.Ordinal);
        bool Undated(string order) => !everyOrder.Contains(order);
        Filter(folder, "olist_order_items_dataset.csv", f => kept.Contains(f[0]) || Undated(f[0]));
        Filter(folder, "olist_order_payments_dataset.csv", f => kept.Contains(f[0]) || Undated(f[0]));
        Filter(folder, "olist_order_reviews_dataset.csv", f => string.CompareOrdinal(f[5], limit) < 0 && (kept.Contains(f[1]) || Undated(f[1])));
        Filter(folder, "olist_customers_dataset.csv", f => buyers.Contains(f[0]) || !everyBuyer.Contains(f[0]));
        return folder;
    }

    /// <summary>Rewrites one file of <paramref name="folder"/> keeping its header and the records <paramref name="keep"/>
    /// accepts, as they were written; returns the fields of the kept records.</summary>
    private static List<List<string>> Filter(string folder, string name, Func<List<string>, bool> keep)
    {
        var path = Path.Combine(folder, name);
        var records = CsvText.Records(path);
        var kept = new List<string> { records[0] };
        var fields = new List<List<string>>();
        foreach (var record in records.Skip(1).Where(r => r.Length > 0))
        {
            var f = CsvText.Fields(record);
            if (keep(f))
            {
                kept.Add(record);
                fields.Add(f);
            }
        }

        File.WriteAllText(path, string.Join("\n", kept) + "\n");
        return fields;
    }

    private static string CdnowWhole(string folder)
    {
        File.Copy(TestData.CdnowSample, Path.Combine(folder, "CDNOW_sample.txt"));
        return folder;
    }

    private static string CutCdnow(string folder, DateOnly cutoff)
    {
        var limit = cutoff.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var rows = File.ReadLines(TestData.CdnowSample)
            .Where(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: 5 } f && string.CompareOrdinal(f[2], limit) < 0);
        File.WriteAllLines(Path.Combine(folder, "CDNOW_sample.txt"), rows);
        return folder;
    }
}
