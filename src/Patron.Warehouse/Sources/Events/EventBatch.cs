namespace Patron.Warehouse.Sources.Events;

/// <summary>One order line of an order event; <see cref="Discount"/> is the money taken off the line.</summary>
public sealed record OrderLineEvent(string? ProductId, double Quantity, double UnitPrice, double? Discount);

/// <summary>An order: its id, customer, time (UTC) and lines.</summary>
public sealed record OrderEvent(string OrderId, string CustomerId, DateTime OrderedAt, string? PaymentMethod, IReadOnlyList<OrderLineEvent> Lines);

/// <summary>A customer's attributes as known now.</summary>
public sealed record CustomerEvent(string CustomerId, DateOnly? RegisteredAt, int? Age, string? Country, string? EmailDomain, string? AcquisitionChannel);

/// <summary>A web session.</summary>
public sealed record SessionEvent(string SessionId, string? CustomerId, DateTime StartedAt, double? DurationSec, int? PageViews, string? ProductId, bool? Purchased);

/// <summary>Events to append to the warehouse together, as <see cref="EventsSource"/> files.</summary>
public sealed class EventBatch
{
    public List<OrderEvent> Orders { get; } = [];

    public List<CustomerEvent> Customers { get; } = [];

    public List<SessionEvent> Sessions { get; } = [];

    public bool IsEmpty => Orders.Count == 0 && Customers.Count == 0 && Sessions.Count == 0;

    /// <summary>Adds every event of <paramref name="other"/> after this batch's own.</summary>
    public void Add(EventBatch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Orders.AddRange(other.Orders);
        Customers.AddRange(other.Customers);
        Sessions.AddRange(other.Sessions);
    }
}
