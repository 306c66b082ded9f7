using System.Text;

namespace Patron.Warehouse.Tests.Support;

/// <summary>Writes small generic-format exports by hand, so each test states exactly what the files hold.</summary>
internal static class GenericShop
{
    public const string TransactionsHeader = "transaction_id,customer_id,product_id,quantity,price,discount,timestamp,payment_method";
    public const string CustomersHeader = "customer_id,registration_date,age,country,email_domain,acquisition_channel";
    public const string ProductsHeader = "product_id,category,subcategory,brand,base_price,margin";
    public const string SessionsHeader = "session_id,customer_id,started_at,duration_sec,page_views,product_id,purchased";

    public static readonly string[] Customers =
    [
        "C1,2024-01-01,34,DE,gmail.com,organic",
        "C2,2024-01-05,51,FR,outlook.com,paid_search",
        "C3,2024-02-01,,US,company.com,social",
    ];

    public static readonly string[] Products =
    [
        "P1,Books,Fiction,Acme,12.50,0.30",
        "P2,Electronics,Audio,Sonic,99.00,0.20",
    ];

    public static readonly string[] Transactions =
    [
        "T1,C1,P1,2,12.50,0,2024-01-10 10:00:00,card",
        "T2,C1,P2,1,99.00,0.1,2024-02-10 11:30:00,paypal",
        "T3,C2,P1,1,12.50,0,2024-01-20 09:15:00,card",
        "T4,C3,P2,1,99.00,0,2024-03-01 18:45:00,",
        "T5,C1,P1,-1,12.50,0,2024-01-15 12:00:00,card",
    ];

    /// <summary>
    /// Sessions of the shop above: S1 is the visit in which T1 (C1, 2 × 12.50) was placed, S2 a visit of C1 without an
    /// order, S3 an anonymous visit, S4 a purchase flag without any order of C2 during the visit.
    /// </summary>
    public static readonly string[] Sessions =
    [
        "S1,C1,2024-01-10 09:55:00,600,12,P1,1",
        "S2,C1,2024-01-12 20:00:00,95,3,P2,0",
        "S3,,2024-01-13 08:00:00,12,1,,false",
        "S4,C2,2024-03-01 18:00:00,300,6,P2,true",
    ];

    /// <summary>
    /// Writes the three files into <paramref name="folder"/>; any of them can be overridden with raw text. sessions.csv is
    /// written only when <paramref name="sessions"/> is given.
    /// </summary>
    public static string Write(string folder, string? transactions = null, string? customers = null, string? products = null, string? sessions = null)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "transactions.csv"), transactions ?? Csv(TransactionsHeader, Transactions), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "customers.csv"), customers ?? Csv(CustomersHeader, Customers), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "products.csv"), products ?? Csv(ProductsHeader, Products), new UTF8Encoding(false));
        if (sessions is not null)
        {
            File.WriteAllText(Path.Combine(folder, "sessions.csv"), sessions, new UTF8Encoding(false));
        }
        return folder;
    }

    public static string Csv(string header, IEnumerable<string> rows) => header + "\n" + string.Join("\n", rows) + "\n";
}
