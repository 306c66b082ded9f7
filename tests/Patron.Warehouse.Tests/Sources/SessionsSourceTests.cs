using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Sessions;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Sources;

/// <summary>The sessions source: every session in silver.sessions, a session with a purchase also an order.</summary>
public sealed class SessionsSourceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public const string CustomersHeader = "customer_id,age,gender,location,signup_date";
    public const string SessionsHeader = "session_id,customer_id,session_date,product_viewed,browsing_time_sec,purchase_made,purchase_amount";

    public static readonly string[] Customers =
    [
        "C001,34,Female,London,2023-01-05",
        "C002,51,Male,Leeds,2023-02-11",
        "C003,,Female,York,2023-03-20",
    ];

    public static readonly string[] Sessions =
    [
        "S1,C001,2023-03-01,Laptop,320,Yes,899.00",
        "S2,C001,2023-03-04,Headphones,45,No,",
        "S3,C002,2023-03-05,Headphones,120,1,59.90",
        "S4,C003,2023-04-01,Phone,600,true,499.00",
        "S5,C002,2023-04-02,Phone,30,maybe,",
    ];

    public static string Write(string folder, string[]? customers = null, string[]? sessions = null)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "customers.csv"), CustomersHeader + "\n" + string.Join("\n", customers ?? Customers) + "\n");
        File.WriteAllText(Path.Combine(folder, "sessions.csv"), SessionsHeader + "\n" + string.Join("\n", sessions ?? Sessions) + "\n");
        return folder;
    }

    [Fact]
    public void Ingest_Sessions_PurchasesBecomeOrders()
    {
        using var temp = new TempFolder();
        var folder = Write(temp.Folder("export"));
        var warehouse = temp.File("w.duckdb");

        var result = new Ingestor(new FixedTime(Now)).Ingest(warehouse, new SessionsSource(), folder);

        Assert.Equal(0, result.RowsRejected);
        Assert.Equal(5, WarehouseProbe.Count(warehouse, "silver.sessions"));
        Assert.Equal(3, WarehouseProbe.Count(warehouse, "silver.customers"));
        // S1, S3, S4 are purchases; S5's flag is unreadable and it has no amount, so it is none.
        Assert.Equal(3, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.orders WHERE is_purchase"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.order_lines WHERE order_id = 'S1' AND product_id = 'Laptop' AND line_amount = 899"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.customers WHERE customer_id = 'C001' AND registered_at = TIMESTAMP '2023-01-05' AND country = 'London'"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.quality_issues WHERE check_name = 'sessions_unreadable_purchase_flag' AND entity_key = 'S5'"));
    }

    [Fact]
    public void Ingest_SlashedDatesThatReadOneWayOnly_AreDetected()
    {
        using var temp = new TempFolder();
        var folder = Write(temp.Folder("export"),
            customers: ["C001,34,Female,London,25/01/2023", "C002,51,Male,Leeds,02/11/2023"],
            sessions: ["S1,C001,2023-03-01 10:15,Laptop,320,Yes,899.00"]);
        var warehouse = temp.File("w.duckdb");

        new Ingestor(new FixedTime(Now)).Ingest(warehouse, new SessionsSource(), folder);

        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.customers WHERE customer_id = 'C002' AND registered_at = TIMESTAMP '2023-11-02'"));
        Assert.Equal(1, WarehouseProbe.Count(warehouse, "SELECT count(*) FROM silver.sessions WHERE started_at = TIMESTAMP '2023-03-01 10:15:00'"));
    }
}
