namespace Patron.Demo;

/// <summary>How far a generation has come: customers simulated and written out of the total, and rows written so far.</summary>
public readonly record struct DemoShopProgress(long CustomersDone, long CustomersTotal, long TransactionRows);
