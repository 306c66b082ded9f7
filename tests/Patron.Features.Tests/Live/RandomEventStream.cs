using Patron.DuckDb;
using Patron.Warehouse.Sources.Events;

namespace Patron.Features.Tests.Live;

/// <summary>A seeded random stream of event batches over a shop already in the warehouse: orders of known and new
/// customers at random times around the shop's last order (out of order, some late), with lines of known products,
/// some returns and discounts, some orders sent twice, new customers' attributes and web sessions.</summary>
internal sealed class RandomEventStream
{
    private readonly Random _random;
    private readonly string[] _customers;
    private readonly string[] _products;
    private readonly DateTime _last;
    private readonly List<OrderEvent> _sent = [];
    private int _next;

    public RandomEventStream(DuckDbConnection connection, int seed)
    {
        _random = new Random(seed);
        _customers = Column(connection, "SELECT customer_id FROM silver.customers ORDER BY customer_id");
        _products = Column(connection, "SELECT product_id FROM silver.products WHERE NOT coalesce(is_non_product, FALSE) ORDER BY product_id");
        _last = connection.Scalar<DateTime>("SELECT max(ordered_at) FROM silver.orders");
    }

    /// <summary>The shop's last order time: the stream's events fall around it.</summary>
    public DateTime Last => _last;

    public EventBatch Next(int orders)
    {
        var batch = new EventBatch();
        for (var i = 0; i < orders; i++)
        {
            if (_sent.Count > 0 && _random.NextDouble() < 0.1)
            {
                // The same order again: nothing may change.
                batch.Orders.Add(_sent[_random.Next(_sent.Count)]);
                continue;
            }

            string customer;
            if (_random.NextDouble() < 0.15)
            {
                customer = "live-" + (_next++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                batch.Customers.Add(new CustomerEvent(customer, DateOnly.FromDateTime(_last.AddDays(-_random.Next(30, 400))),
                    _random.Next(18, 80), _random.NextDouble() < 0.5 ? "DE" : "FR", "example.com", "search"));
            }
            else
            {
                customer = _customers[_random.Next(Math.Min(_customers.Length, 40))];
            }

            // From 40 days before the shop's last order to 3 days after it, to the second.
            var at = _last.AddSeconds(-_random.Next(-3 * 86_400, 40 * 86_400));
            var lines = new List<OrderLineEvent>();
            var count = 1 + _random.Next(3);
            var returns = _random.NextDouble() < 0.08;
            for (var k = 0; k < count; k++)
            {
                var quantity = (double)(1 + _random.Next(3)) * (returns ? -1 : 1);
                var price = Math.Round(2 + (_random.NextDouble() * 80), 2);
                double? discount = _random.NextDouble() < 0.2 ? Math.Round(price * 0.1, 2) : null;
                lines.Add(new OrderLineEvent(_products[_random.Next(_products.Length)], quantity, price, discount));
            }

            var order = new OrderEvent("ev-" + (_next++).ToString(System.Globalization.CultureInfo.InvariantCulture), customer, at,
                _random.NextDouble() < 0.5 ? "card" : null, lines);
            _sent.Add(order);
            batch.Orders.Add(order);
            if (_random.NextDouble() < 0.3)
            {
                batch.Sessions.Add(new SessionEvent("s-" + order.OrderId, customer, at.AddMinutes(-5), 300, 4, null, true));
            }
        }

        return batch;
    }

    private static string[] Column(DuckDbConnection connection, string sql)
    {
        using var result = connection.Query(sql);
        var column = result[0];
        var values = new string[column.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = column.GetString(i);
        }

        return values;
    }
}
