using System.Globalization;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Tests.Sessions;

/// <summary>Silver rows for session tests, written directly: priced products, web sessions (anonymous, undated or
/// naming a product), purchases and shopper sessions.</summary>
internal sealed class SessionRows
{
    private const string Meta = "'test', 'test.csv', TIMESTAMP '2030-01-01 00:00:00'";
    private readonly List<string> _statements = [];

    public SessionRows Product(string id, string? category, double? price)
    {
        _statements.Add($"INSERT INTO silver.products (product_id, category, base_price, is_non_product, source, _source_file, _ingested_at) VALUES ({Text(id)}, {Text(category)}, {Number(price)}, FALSE, {Meta});");
        _statements.Add($"INSERT INTO silver.product_versions (product_id, version, valid_from, category, base_price, is_non_product, source, _source_file, _ingested_at) VALUES ({Text(id)}, 1, TIMESTAMP '-infinity', {Text(category)}, {Number(price)}, FALSE, {Meta});");
        return this;
    }

    public SessionRows Session(string id, string? customer, string? started, double? duration, int? views, string? product, bool purchased, double? amount = null)
    {
        _statements.Add("INSERT INTO silver.sessions (session_id, customer_id, started_at, duration_sec, page_views, product_id, purchased, purchase_amount, source, _source_file, _ingested_at) " +
                        $"VALUES ({Text(id)}, {Text(customer)}, {Time(started)}, {Number(duration)}, {Number(views)}, {Text(product)}, {(purchased ? "TRUE" : "FALSE")}, {Number(amount)}, {Meta});");
        return this;
    }

    /// <summary>An order with one line per amount; <paramref name="outlier"/> flags the last line.</summary>
    public SessionRows Order(string id, string customer, string at, bool purchase, double[] amounts, bool outlier = false)
    {
        _statements.Add("INSERT INTO silver.orders (order_id, customer_id, ordered_at, status, is_purchase, is_cancellation, source, _source_file, _ingested_at) " +
                        $"VALUES ({Text(id)}, {Text(customer)}, {Time(at)}, {Text(purchase ? "completed" : "returned")}, {(purchase ? "TRUE" : "FALSE")}, {(purchase ? "FALSE" : "TRUE")}, {Meta});");
        for (var i = 0; i < amounts.Length; i++)
        {
            var flagged = outlier && i == amounts.Length - 1;
            _statements.Add("INSERT INTO silver.order_lines (order_id, line_number, product_id, quantity, unit_price, discount, line_amount, is_return, is_outlier, source, _source_file, _ingested_at) " +
                            $"VALUES ({Text(id)}, {i + 1}, 'P1', 1, {Number(amounts[i])}, 0, {Number(amounts[i])}, {(amounts[i] < 0 ? "TRUE" : "FALSE")}, {(flagged ? "TRUE" : "FALSE")}, {Meta});");
        }

        return this;
    }

    public SessionRows Shopper(string id, int administrative, double administrativeSec, int informational, double informationalSec, int product, double productSec,
        double bounce, double exit, double pageValue, double specialDay, int month, int os, int browser, int region, int traffic, string visitor, bool? weekend, bool revenue)
    {
        _statements.Add("INSERT INTO silver.shopper_sessions VALUES (" + string.Join(", ",
            Text(id), Number(administrative), Number(administrativeSec), Number(informational), Number(informationalSec), Number(product), Number(productSec),
            Number(bounce), Number(exit), Number(pageValue), Number(specialDay), Number(month), Number(os), Number(browser), Number(region), Number(traffic),
            Text(visitor), weekend is { } w ? (w ? "TRUE" : "FALSE") : "NULL", revenue ? "TRUE" : "FALSE") + $", {Meta});");
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

    private static string Text(string? value) => value is null ? "NULL" : SqlScripts.Literal(value);

    private static string Time(string? value) => value is null ? "NULL" : $"TIMESTAMP '{value}'";

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "NULL";

    private static string Number(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "NULL";
}
