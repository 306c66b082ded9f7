using System.Globalization;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Tests.Support;

/// <summary>Writes silver rows directly, so a test states exactly what the warehouse holds, reviews and sessions included.</summary>
internal sealed class SilverShop
{
    private const string Meta = "'test', 'test.csv', TIMESTAMP '2030-01-01 00:00:00'";
    private readonly List<string> _statements = [];

    public int Statements => _statements.Count;

    public SilverShop Customer(string id, string? registered, int? age, string? country, string? email, string? channel)
    {
        _statements.Add($"INSERT INTO silver.customers (customer_id, registered_at, age, country, email_domain, acquisition_channel, source, _source_file, _ingested_at) " +
                        $"VALUES ({Text(id)}, {Time(registered)}, {Number(age)}, {Text(country)}, {Text(email)}, {Text(channel)}, {Meta});");
        _statements.Add($"INSERT INTO silver.customer_versions (customer_id, version, valid_from, registered_at, age, country, email_domain, acquisition_channel, source, _source_file, _ingested_at) " +
                        $"VALUES ({Text(id)}, 1, TIMESTAMP '-infinity', {Time(registered)}, {Number(age)}, {Text(country)}, {Text(email)}, {Text(channel)}, {Meta});");
        return this;
    }

    public SilverShop Product(string id, string? category, string? brand, double? margin, bool nonProduct = false)
    {
        _statements.Add($"INSERT INTO silver.products (product_id, category, brand, margin, is_non_product, source, _source_file, _ingested_at) " +
                        $"VALUES ({Text(id)}, {Text(category)}, {Text(brand)}, {Number(margin)}, {(nonProduct ? "TRUE" : "FALSE")}, {Meta});");
        return ProductVersion(id, 1, null, null, category, brand, margin, nonProduct);
    }

    /// <summary>One version of a product's attributes, valid from <paramref name="from"/> (NULL: since always) to <paramref name="to"/>.</summary>
    public SilverShop ProductVersion(string id, int version, string? from, string? to, string? category, string? brand, double? margin, bool nonProduct = false)
    {
        _statements.Add($"INSERT INTO silver.product_versions (product_id, version, valid_from, valid_to, category, brand, margin, is_non_product, source, _source_file, _ingested_at) " +
                        $"VALUES ({Text(id)}, {version}, {(from is null ? "TIMESTAMP '-infinity'" : Time(from))}, {Time(to)}, {Text(category)}, {Text(brand)}, {Number(margin)}, {(nonProduct ? "TRUE" : "FALSE")}, {Meta});");
        return this;
    }

    public SilverShop Order(string id, string customer, string at, string? payment, Line[] lines, int? installments = null, string? delivered = null, string? estimated = null)
        => AddOrder(id, customer, at, payment, lines, purchase: true, installments, delivered, estimated);

    public SilverShop Return(string id, string customer, string at, params Line[] lines)
        => AddOrder(id, customer, at, null, lines, purchase: false, null, null, null);

    public SilverShop Review(string id, string order, int score, string created)
    {
        _statements.Add($"INSERT INTO silver.reviews (review_id, order_id, score, created_at, source, _source_file, _ingested_at) " +
                        $"VALUES ({Text(id)}, {Text(order)}, {Number(score)}, {Time(created)}, {Meta});");
        return this;
    }

    public SilverShop Session(string id, string customer, string started, double duration, int views, bool purchased)
    {
        _statements.Add($"INSERT INTO silver.sessions (session_id, customer_id, started_at, duration_sec, page_views, purchased, source, _source_file, _ingested_at) " +
                        $"VALUES ({Text(id)}, {Text(customer)}, {Time(started)}, {Number(duration)}, {Number(views)}, {(purchased ? "TRUE" : "FALSE")}, {Meta});");
        return this;
    }

    public SilverShop Event(string session, string customer, string at, string type, string product)
    {
        _statements.Add($"INSERT INTO silver.events (session_id, customer_id, occurred_at, event_type, product_id, source, _source_file, _ingested_at) " +
                        $"VALUES ({Text(session)}, {Text(customer)}, {Time(at)}, {Text(type)}, {Text(product)}, {Meta});");
        return this;
    }

    /// <summary>Creates the warehouse schemas (when missing) and writes every row added so far.</summary>
    public void WriteTo(DuckDbConnection connection)
    {
        WarehouseSchema.Ensure(connection);
        foreach (var statement in _statements)
        {
            connection.Execute(statement);
        }

        _statements.Clear();
    }

    private SilverShop AddOrder(string id, string customer, string at, string? payment, Line[] lines, bool purchase, int? installments, string? delivered, string? estimated)
    {
        _statements.Add("INSERT INTO silver.orders (order_id, customer_id, ordered_at, status, is_purchase, is_cancellation, payment_method, installments, " +
                        "delivered_at, estimated_delivery_at, source, _source_file, _ingested_at) " +
                        $"VALUES ({Text(id)}, {Text(customer)}, {Time(at)}, {Text(purchase ? "completed" : "returned")}, {(purchase ? "TRUE" : "FALSE")}, " +
                        $"{(purchase ? "FALSE" : "TRUE")}, {Text(payment)}, {Number(installments)}, {Time(delivered)}, {Time(estimated)}, {Meta});");
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            _statements.Add("INSERT INTO silver.order_lines (order_id, line_number, product_id, quantity, unit_price, discount, line_amount, is_return, is_outlier, " +
                            "source, _source_file, _ingested_at) " +
                            $"VALUES ({Text(id)}, {i + 1}, {Text(line.Product)}, {Number(line.Quantity)}, {Number(line.Price)}, {Number(line.Discount)}, " +
                            $"{Number(line.Amount)}, {(line.Quantity < 0 ? "TRUE" : "FALSE")}, {(line.Outlier ? "TRUE" : "FALSE")}, {Meta});");
        }

        return this;
    }

    private static string Text(string? value) => value is null ? "NULL" : SqlScripts.Literal(value);

    private static string Time(string? value) => value is null ? "NULL" : $"TIMESTAMP '{value}'";

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "NULL";

    private static string Number(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "NULL";
}
