namespace Patron.Demo;

/// <summary>
/// sessions.csv rows per kind (history only) and the future window's rows, as truth.json records them. A purchase
/// session is the visit of one order; the other kinds never end in a purchase.
/// </summary>
public sealed record DemoShopSessions
{
    /// <summary>Sessions that end in an order (purchased = 1): one per order of the history.</summary>
    public long Purchase { get; init; }

    /// <summary>Known customers' visits without an order while they are alive.</summary>
    public long Browse { get; init; }

    /// <summary>Fading visits of customers after they dropped out.</summary>
    public long AfterDropout { get; init; }

    /// <summary>Visitors not logged in (empty customer_id).</summary>
    public long Anonymous { get; init; }

    /// <summary>truth/future_sessions.csv rows: all kinds in the future window.</summary>
    public long Future { get; init; }

    /// <summary>The k of the browse rate β = k · √(λ · mean λ) · g per day, as calibrated for this shop.</summary>
    public double BrowseScale { get; init; }

    /// <summary>All sessions.csv rows.</summary>
    public long Total => Purchase + Browse + AfterDropout + Anonymous;
}
