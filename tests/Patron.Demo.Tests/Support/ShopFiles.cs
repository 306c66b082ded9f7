using System.Globalization;
using System.Text.Json;

namespace Patron.Demo.Tests.Support;

/// <summary>The written files of a generated shop, read back with plain string splitting (no Patron code involved).</summary>
internal sealed class ShopFiles
{
    public const string TransactionHeader = "transaction_id,customer_id,product_id,quantity,price,discount,timestamp,payment_method";
    public const string CustomerHeader = "customer_id,registration_date,age,country,email_domain,acquisition_channel";
    public const string ProductHeader = "product_id,category,subcategory,brand,base_price,margin";
    public const string TruthCustomerHeader = "customer_id,lambda_per_day,p_dropout,dropout_date,alive_at_end,spend_level,future_orders,future_spend,favourite_category";

    private ShopFiles(string directory)
    {
        Directory = directory;
        TransactionLines = ReadLines(Path.Combine(directory, "transactions.csv"), TransactionHeader);
        CustomerLines = ReadLines(Path.Combine(directory, "customers.csv"), CustomerHeader);
        ProductLines = ReadLines(Path.Combine(directory, "products.csv"), ProductHeader);
        TruthCustomerLines = ReadLines(Path.Combine(directory, "truth", "customers.csv"), TruthCustomerHeader);
        FutureLines = ReadLines(Path.Combine(directory, "truth", "future_transactions.csv"), TransactionHeader);
        Transactions = Split(TransactionLines, 8);
        Customers = Split(CustomerLines, 6);
        Products = Split(ProductLines, 6);
        TruthCustomers = Split(TruthCustomerLines, 9);
        Future = Split(FutureLines, 8);
        Truth = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "truth", "truth.json"))).RootElement.Clone();
    }

    public string Directory { get; }

    public string[] TransactionLines { get; }

    public string[] CustomerLines { get; }

    public string[] ProductLines { get; }

    public string[] TruthCustomerLines { get; }

    public string[] FutureLines { get; }

    public string[][] Transactions { get; }

    public string[][] Customers { get; }

    public string[][] Products { get; }

    public string[][] TruthCustomers { get; }

    public string[][] Future { get; }

    public JsonElement Truth { get; }

    public static ShopFiles Read(string directory) => new(directory);

    public long Defect(string name) => Truth.GetProperty("defects").GetProperty(name).GetInt64();

    public long Missing(string column) => Truth.GetProperty("defects").GetProperty("missing_values").GetProperty(column).GetInt64();

    public static DateTime Timestamp(string text) =>
        DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None);

    public static DateTime Date(string text) =>
        DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None);

    public static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string[] ReadLines(string path, string header)
    {
        var text = File.ReadAllText(path);
        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("\n", text);
        var lines = text[..^1].Split('\n');
        Assert.Equal(header, lines[0]);
        return lines[1..];
    }

    private static string[][] Split(string[] lines, int columns)
    {
        var rows = new string[lines.Length][];
        for (var i = 0; i < lines.Length; i++)
        {
            rows[i] = lines[i].Split(',');
            Assert.True(rows[i].Length == columns, $"line {i + 2}: expected {columns} fields, got '{lines[i]}'");
        }

        return rows;
    }
}
