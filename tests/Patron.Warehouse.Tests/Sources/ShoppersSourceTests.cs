using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Shoppers;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Sources;

/// <summary>UCI Online Shoppers: anonymous sessions land in silver.shopper_sessions with the Revenue target, nothing in
/// the customer tables.</summary>
public sealed class ShoppersSourceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static IngestResult Ingest(string warehouse, string path, DateTimeOffset? at = null)
        => new Ingestor(new FixedTime(at ?? Now)).Ingest(warehouse, new ShoppersSource(), path);

    [Fact]
    public void Ingest_Sample_LandsEverySessionWithItsTarget()
    {
        using var temp = new TempFolder();
        var warehouse = temp.File("w.duckdb");
        var file = Path.Combine(Samples.Shoppers, "online_shoppers_intention.csv");
        var sample = CsvRecords.Read(file);

        var result = Ingest(warehouse, file);

        Assert.Equal(0, result.RowsRejected);
        Assert.Equal(sample.Rows.Count, WarehouseProbe.Count(warehouse, "silver.shopper_sessions"));
        Assert.Equal(sample.Column("Revenue").Count(v => v == "TRUE"), WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.shopper_sessions WHERE revenue"));
        Assert.Equal(sample.Column("Weekend").Count(v => v == "TRUE"), WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.shopper_sessions WHERE is_weekend"));
        Assert.Equal(sample.Column("Month").Count(v => v == "Feb"), WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.shopper_sessions WHERE month = 2"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "silver.customers"));
        Assert.Equal(0, WarehouseProbe.Count(warehouse, "silver.orders"));
    }

    [Fact]
    public void Ingest_ImpossibleValuesAndMissingTarget_AreReported()
    {
        using var temp = new TempFolder();
        var header = File.ReadLines(Path.Combine(Samples.Shoppers, "online_shoppers_intention.csv")).First();
        var path = temp.File("shoppers.csv");
        File.WriteAllText(path, header + "\n"
            + "0,0,0,0,1,0,0.2,0.2,0,0,June,1,1,1,1,Returning_Visitor,FALSE,FALSE\n"
            + "0,0,0,0,2,64,1.5,0.1,0,0,Feb,2,2,1,2,Returning_Visitor,FALSE,TRUE\n"
            + "0,0,0,0,2,64,0,0.1,0,0,Smarch,2,2,1,2,New_Visitor,TRUE,\n");
        var warehouse = temp.File("w.duckdb");

        Ingest(warehouse, path);

        Assert.Equal(2, WarehouseProbe.Count(warehouse, "silver.shopper_sessions"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.shopper_sessions WHERE month = 6"));
        Assert.Equal(2, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.quality_issues WHERE check_name = 'shoppers_values_out_of_range'"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.quality_issues WHERE check_name = 'shoppers_missing_target'"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse,
            "SELECT count(*) FROM silver.quality_summary WHERE check_name = 'shoppers_values_out_of_range' AND checked_rows = 2"));
    }
}
