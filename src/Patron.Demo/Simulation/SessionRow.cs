namespace Patron.Demo.Simulation;

/// <summary>One sessions.csv row before formatting; its id is assigned when the block's place in the file is known.</summary>
internal struct SessionRow
{
    /// <summary>Start, in seconds since 1970-01-01 00:00:00 (shop local time).</summary>
    public long Started;

    /// <summary>Customer index + 1; 0 for an anonymous session.</summary>
    public int CustomerNumber;

    /// <summary>Product index + 1; 0 when the session viewed no product.</summary>
    public int ProductNumber;

    public int DurationSeconds;

    public short PageViews;

    public VisitReason Reason;

    /// <summary>Goes to sessions.csv (else to truth/future_sessions.csv): a purchase session follows its order's file.</summary>
    public bool InHistory;
}
