using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Silver;

/// <summary>
/// silver.product_versions: every value a product's attributes had, each dated by the ingest of the export that gave
/// it, so a later export can only add versions after the earlier ones (the rule of silver.customer_versions).
/// </summary>
public sealed class ProductVersionsTests
{
    private static readonly DateTimeOffset First = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = First.AddDays(3);

    private const string Versions =
        "SELECT product_id, version, strftime(valid_from, '%Y-%m-%d %H:%M'), coalesce(strftime(valid_to, '%Y-%m-%d %H:%M'), '-'), category, brand, CAST(margin AS VARCHAR) " +
        "FROM silver.product_versions ORDER BY product_id, version";

    private static void Ingest(string warehouse, string folder, DateTimeOffset at)
        => new Ingestor(new FixedTime(at)).Ingest(warehouse, new GenericSource(), folder);

    [Fact]
    public void Ingest_ReexportThatMovesAProduct_AddsAVersionFromItsIngest()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, GenericShop.Write(temp.Folder("export1")), First);
        var moved = GenericShop.Csv(GenericShop.ProductsHeader, ["P1,Comics,Manga,Other,12.50,0.25", "P2,Electronics,Audio,Sonic,99.00,0.20"]);

        Ingest(warehouse, GenericShop.Write(temp.Folder("export2"), products: moved), Second);

        Assert.Equal(
        [
            "P1|1|2026-11-01 12:00|2026-11-04 12:00|Books|Acme|0.3",
            "P1|2|2026-11-04 12:00|-|Comics|Other|0.25",
            "P2|1|2026-11-01 12:00|-|Electronics|Sonic|0.2",
        ], WarehouseProbe.Rows(warehouse, Versions));
        // silver.products keeps the latest export, as before.
        Assert.Equal(["Comics"], WarehouseProbe.Rows(warehouse, "SELECT category FROM silver.products WHERE product_id = 'P1'"));
    }

    [Fact]
    public void Ingest_ReexportWithTheSameValues_AddsNoVersion()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, GenericShop.Write(temp.Folder("export1")), First);
        var before = WarehouseProbe.Rows(warehouse, Versions);
        // The same products in another order: a new file (not skipped as already seen) that says nothing new.
        var same = GenericShop.Csv(GenericShop.ProductsHeader, [GenericShop.Products[1], GenericShop.Products[0]]);

        Ingest(warehouse, GenericShop.Write(temp.Folder("export2"), products: same), Second);

        Assert.Equal(2, before.Count);
        Assert.Equal(before, WarehouseProbe.Rows(warehouse, Versions));
    }

    [Fact]
    public void Ingest_EarlierVersionsNeverChangeWhenALaterExportArrives()
    {
        using var temp = new TempFolder();
        var once = temp.File("once.duckdb");
        var twice = temp.File("twice.duckdb");
        Ingest(once, GenericShop.Write(temp.Folder("export1")), First);
        Ingest(twice, GenericShop.Write(temp.Folder("export1b")), First);
        var moved = GenericShop.Csv(GenericShop.ProductsHeader, ["P1,Toys,Games,Acme,12.50,0.30", "P2,Garden,Tools,Sonic,80.00,0.10"]);

        Ingest(twice, GenericShop.Write(temp.Folder("export2"), products: moved), Second);

        // Every version of the single export is still there, the same values, closed where the later export starts.
        const string Early = "SELECT product_id, version, valid_from, category, subcategory, brand, base_price, margin FROM silver.product_versions " +
                             "WHERE valid_from < TIMESTAMP '2026-11-02' ORDER BY product_id, version";
        Assert.Equal(WarehouseProbe.Rows(once, Early), WarehouseProbe.Rows(twice, Early));
        Assert.Equal(2, WarehouseProbe.Count(twice, "SELECT count(*) FROM silver.product_versions WHERE valid_to = TIMESTAMP '2026-11-04 12:00:00'"));
    }
}
