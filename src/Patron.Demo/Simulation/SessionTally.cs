namespace Patron.Demo.Simulation;

/// <summary>Sessions written per visit reason, accumulated per block and summed in block order.</summary>
internal sealed class SessionTally
{
    /// <summary>sessions.csv rows per <see cref="VisitReason"/>.</summary>
    public readonly long[] History = new long[4];

    /// <summary>truth/future_sessions.csv rows per <see cref="VisitReason"/>.</summary>
    public readonly long[] Future = new long[4];

    /// <summary>Purchases in the history.</summary>
    public long Orders;

    /// <summary>Purchases in the future window.</summary>
    public long FutureOrders;

    /// <summary>Customers whose first purchase falls in the history.</summary>
    public long FirstOrders;

    /// <summary>
    /// Σ over customers of √(λ · mean λ) × (days alive + expected fading days after drop-out), both within the history:
    /// browse sessions in sessions.csv per unit of the browse scale, for calibrating it on a pilot run.
    /// </summary>
    public double BrowseExposure;

    public void Clear()
    {
        Array.Clear(History);
        Array.Clear(Future);
        Orders = FutureOrders = FirstOrders = 0;
        BrowseExposure = 0.0;
    }

    public void Add(SessionTally other)
    {
        for (var k = 0; k < History.Length; k++)
        {
            History[k] += other.History[k];
            Future[k] += other.Future[k];
        }

        Orders += other.Orders;
        FutureOrders += other.FutureOrders;
        FirstOrders += other.FirstOrders;
        BrowseExposure += other.BrowseExposure;
    }
}
