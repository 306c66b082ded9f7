using Patron.DuckDb;

namespace Patron.Warehouse.Sources.Events;

/// <summary>What the warehouse holds of posted events, for a server that starts again after a stop or a crash: the
/// customers they touched and the latest event time, so the live state is rebuilt from what was committed.</summary>
public static class EventHistory
{
    /// <summary>Every customer with an order, session or attribute row from posted events, in id order.</summary>
    public static IReadOnlyList<string> Customers(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        WarehouseSchema.Ensure(connection);
        using var result = connection.Query("""
            SELECT customer_id FROM silver.orders WHERE source = 'events' AND customer_id IS NOT NULL
            UNION SELECT customer_id FROM silver.sessions WHERE source = 'events' AND customer_id IS NOT NULL
            UNION SELECT customer_id FROM silver.customers WHERE source = 'events'
            ORDER BY 1
            """);
        var ids = new string[result.RowCount];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = result[0].GetString(i);
        }

        return ids;
    }

    /// <summary>The latest order or session time silver kept from posted events, or null when there is none.</summary>
    public static DateTime? Latest(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        WarehouseSchema.Ensure(connection);
        return connection.Scalar<DateTime?>("""
            SELECT greatest((SELECT max(ordered_at) FROM silver.orders WHERE source = 'events'),
                            (SELECT max(started_at) FROM silver.sessions WHERE source = 'events'))
            """);
    }

    /// <summary>How many order rows with id <paramref name="orderId"/> silver holds from posted events (0 or 1).</summary>
    public static long OrderCount(DuckDbConnection connection, string orderId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Scalar<long>("SELECT count(*) FROM silver.orders WHERE source = 'events' AND order_id = $1", orderId);
    }

    /// <summary>The last journal sequence of posted events the warehouse holds (<c>IngestOptions.JournalSequence</c>),
    /// or 0 when none was recorded.</summary>
    public static long JournalSequence(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        WarehouseSchema.Ensure(connection);
        return connection.Scalar<long>("SELECT coalesce(max(sequence), 0) FROM bronze.event_journal");
    }
}
