using Patron.Warehouse.Sources;
using Patron.Warehouse.Sources.Cdnow;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Sources.Olist;
using Patron.Warehouse.Sources.OnlineRetail;
using Patron.Warehouse.Sources.Sessions;
using Patron.Warehouse.Sources.Shoppers;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Sources;

/// <summary>One source as the parameterized tests see it: how to write a good export, its main file, a required column
/// and a column with a non-text type (where a bad value is a reject).</summary>
internal sealed record SourceCase(ISourceAdapter Source, Func<string, string> WriteExport, string MainFile, string RequiredColumn, string TypedColumn)
{
    public static readonly string[] Names = ["generic", "olist", "online-retail", "sessions", "shoppers", "cdnow"];

    public bool HeaderNamesColumn => Source.Name != "cdnow";

    public static SourceCase Get(string name) => name switch
    {
        "generic" => new(new GenericSource(), folder => GenericShop.Write(folder), "transactions.csv", "customer_id", "quantity"),
        "olist" => new(new OlistSource(), folder => Samples.CopyFolder(Samples.Olist, folder), "olist_orders_dataset.csv", "order_status", "order_purchase_timestamp"),
        "online-retail" => new(new OnlineRetailSource(), folder => Samples.CopyFolder(Samples.OnlineRetail, folder), "online_retail.csv", "StockCode", "Quantity"),
        "sessions" => new(new SessionsSource(), folder => SessionsSourceTests.Write(folder), "sessions.csv", "purchase_made", "browsing_time_sec"),
        "shoppers" => new(new ShoppersSource(), folder => Samples.CopyFolder(Samples.Shoppers, folder), "online_shoppers_intention.csv", "Revenue", "ExitRates"),
        "cdnow" => new(new CdnowSource(), folder =>
        {
            Directory.CreateDirectory(folder);
            File.WriteAllLines(Path.Combine(folder, "CDNOW_master.txt"), File.ReadLines(Samples.CdnowMaster).Take(400));
            return folder;
        }, "CDNOW_master.txt", "date", "number_of_cds"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such source case"),
    };

    public static IEnumerable<object[]> All() => Names.Select(n => new object[] { n });
}
