using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Sources;

/// <summary><c>--source auto</c>: each export is recognised by its file names and headers; anything else gets a message
/// listing what every source expected.</summary>
public sealed class SourceRegistryTests
{
    [Theory]
    [MemberData(nameof(SourceCase.All), MemberType = typeof(SourceCase))]
    public void Detect_ExportOfEachSource_PicksThatSource(string source)
    {
        using var temp = new TempFolder();
        var folder = SourceCase.Get(source).WriteExport(temp.Folder("export"));

        Assert.Equal(source, SourceRegistry.Detect(folder).Name);
    }

    [Fact]
    public void Detect_SingleFilesUnderOtherNames_AreRecognisedByTheirHeader()
    {
        using var temp = new TempFolder();
        var retail = temp.File("shop-export-2011.csv");
        File.Copy(Path.Combine(Samples.OnlineRetail, "online_retail.csv"), retail);
        var cdnow = temp.File("purchases.txt");
        File.Copy(Samples.CdnowSample, cdnow);

        Assert.Equal("online-retail", SourceRegistry.Detect(retail).Name);
        Assert.Equal("cdnow", SourceRegistry.Detect(cdnow).Name);
        Assert.Equal("cdnow", SourceRegistry.Detect(Samples.CdnowSample).Name);
    }

    [Fact]
    public void Detect_UnknownFiles_ListsWhatEachSourceExpected()
    {
        using var temp = new TempFolder();
        var folder = temp.Folder("export");
        File.WriteAllText(Path.Combine(folder, "orders.csv"), "id,when,total\n1,2024-01-01,9.99\n");

        var error = Assert.Throws<InputException>(() => SourceRegistry.Detect(folder));

        Assert.Contains("pass --source", error.Message, StringComparison.Ordinal);
        foreach (var name in SourceCase.Names)
        {
            Assert.Contains(name + " expects", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("olist_orders_dataset.csv (header: order_id,customer_id,order_status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_OneFileOfAManyFileSource_SaysToPassTheFolder()
    {
        using var temp = new TempFolder();
        var orders = Path.Combine(Samples.Olist, "olist_orders_dataset.csv");

        var error = Assert.Throws<InputException>(() => new Ingestor().Ingest(temp.File("w.duckdb"), SourceRegistry.Get("olist", orders), orders));

        Assert.Contains("pass the folder", error.Message, StringComparison.Ordinal);
    }
}
