namespace Patron.Demo.Simulation;

/// <summary>One transactions.csv row before formatting; ids are assigned when the block's place in the file is known.</summary>
internal struct TransactionRow
{
    /// <summary>Payment index meaning "written empty".</summary>
    public const byte MissingPayment = byte.MaxValue;

    /// <summary>Seconds since 1970-01-01 00:00:00 (shop local time).</summary>
    public long Timestamp;

    /// <summary>The number printed after "C": customer index + 1, or a never-issued number on orphan rows.</summary>
    public int CustomerNumber;

    /// <summary>The number printed after "P": product index + 1, or a number outside the catalog on orphan rows.</summary>
    public int ProductNumber;

    public int PriceCents;

    public short Quantity;

    public byte DiscountHundredths;

    public byte Payment;

    public RowKind Kind;

    /// <summary>A purchase that a later return refers to.</summary>
    public bool Returned;

    /// <summary>Already carries a defect or is the source of an injected row: never chosen again.</summary>
    public bool Touched;

    /// <summary>For rows repeating another row's transaction id: that row's index in the block; −1 for a new id.</summary>
    public int SourceRow;
}
