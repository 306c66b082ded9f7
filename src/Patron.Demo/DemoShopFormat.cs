namespace Patron.Demo;

/// <summary>The export format <see cref="DemoShopGenerator.Generate"/> writes the simulated shop in.</summary>
public enum DemoShopFormat
{
    /// <summary>Patron's generic format: transactions.csv, customers.csv, products.csv and sessions.csv.</summary>
    Generic,

    /// <summary>
    /// The UCI Online Retail format: one file, online_retail.csv, one line per invoice line (InvoiceNo, StockCode,
    /// Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country), with C invoices for cancellations.
    /// </summary>
    OnlineRetail,
}
