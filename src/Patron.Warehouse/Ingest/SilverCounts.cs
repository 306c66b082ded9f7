namespace Patron.Warehouse.Ingest;

/// <summary>Row counts of the silver tables after an ingest.</summary>
public sealed record SilverCounts(long Customers, long Products, long Orders, long OrderLines, long Quarantined)
{
    /// <summary>Web sessions of known customers (silver.sessions).</summary>
    public long Sessions { get; init; }

    /// <summary>Anonymous page-level sessions (silver.shopper_sessions).</summary>
    public long ShopperSessions { get; init; }
}
