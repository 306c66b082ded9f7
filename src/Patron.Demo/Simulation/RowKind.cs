namespace Patron.Demo.Simulation;

/// <summary>What a transactions.csv row is: clean behaviour (a purchase, a return) or one injected defect.</summary>
internal enum RowKind : byte
{
    Purchase,
    Return,
    ExactDuplicate,
    BusinessKeyDuplicate,
    ZeroQuantity,
    ZeroOrNegativePrice,
    OrphanCustomer,
    OrphanProduct,
    FutureTimestamp,
    PreOpeningTimestamp,
    MissingPayment,
    PriceOutlier,
}
