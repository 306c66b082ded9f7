namespace Patron.Warehouse.Ingest;

/// <summary>Row counts of the silver tables after an ingest.</summary>
public sealed record SilverCounts(long Customers, long Products, long Orders, long OrderLines, long Quarantined);
