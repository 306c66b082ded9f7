using Patron.Warehouse.Sources;
using Patron.Warehouse.Sources.Cdnow;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Sources.Olist;
using Patron.Warehouse.Sources.OnlineRetail;
using Patron.Warehouse.Sources.Sessions;
using Patron.Warehouse.Sources.Shoppers;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Sources;

/// <summary>One source as the parameterized tests see it: how to write a good export, its main file and a required column.</summary>
internal sealed record SourceCase(ISourceAdapter Source, Func<string, string> WriteExport, string MainFile, string RequiredColumn)
{
    public static readonly string[] Names = ["generic", "olist", "online-retail", "sessions", "shoppers", "cdnow"];

    public bool HeaderNamesColumn => Source.Name != "cdnow";

    public static SourceCase Get(string name) => name switch
    {
        "generic" => new(new GenericSource(), folder => GenericShop.Write(folder), "transactions.csv", "customer_id"),
        "olist" => new(new OlistSource(), folder => Samples.CopyFolder(Samples.Olist, folder), "olist_orders_dataset.csv", "order_status"),
        "online-retail" => new(new OnlineRetailSource(), folder => Samples.CopyFolder(Samples.OnlineRetail, folder), "online_retail.csv", "StockCode"),
        "sessions" => new(new SessionsSource(), folder => SessionsSourceTests.Write(folder), "sessions.csv", "purchase_made"),
        "shoppers" => new(new ShoppersSource(), folder => Samples.CopyFolder(Samples.Shoppers, folder), "online_shoppers_intention.csv", "Revenue"),
        "cdnow" => new(new CdnowSource(), folder =>
        {
            Directory.CreateDirectory(folder);
            File.WriteAllLines(Path.Combine(folder, "CDNOW_master.txt"), File.ReadLines(Samples.CdnowMaster).Take(400));
            return folder;
        }, "CDNOW_master.txt", "date"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such source case"),
    };

    public static IEnumerable<object[]> All() => Names.Select(n => new object[] { n });
}
