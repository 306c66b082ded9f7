namespace Patron.Demo;

/// <summary>
/// Injected defect counts, by the definitions the quality checks use (docs/demo-shop.md): each is exactly what its
/// rule finds in the written files, and no row carries two defects.
/// </summary>
public sealed record DemoShopDefects
{
    /// <summary>Extra verbatim copies of transactions.csv rows.</summary>
    public long ExactDuplicates { get; init; }

    /// <summary>Rows reusing a transaction id already used by a row with different content.</summary>
    public long BusinessKeyDuplicates { get; init; }

    /// <summary>Rows with quantity &lt; 0: the returns.</summary>
    public long NegativeQuantity { get; init; }

    public long ZeroQuantity { get; init; }

    /// <summary>Rows with price &lt;= 0 and quantity &gt; 0.</summary>
    public long ZeroOrNegativePrice { get; init; }

    /// <summary>Rows whose unit price was multiplied by U(20, 100).</summary>
    public long PriceOutliers { get; init; }

    /// <summary>Transactions whose customer_id is not in customers.csv.</summary>
    public long OrphanCustomers { get; init; }

    /// <summary>Transactions whose product_id is not in products.csv.</summary>
    public long OrphanProducts { get; init; }

    /// <summary>Transactions dated in 2099.</summary>
    public long FutureTimestamps { get; init; }

    /// <summary>Transactions dated 1970-01-01, before the shop opened.</summary>
    public long PreOpeningTimestamps { get; init; }

    /// <summary>Customers whose registration_date is later than their first transaction.</summary>
    public long RegistrationAfterFirstPurchase { get; init; }

    /// <summary>Empty fields per <c>file.column</c> (customers.age, customers.country, customers.acquisition_channel, transactions.payment_method, products.brand).</summary>
    public required IReadOnlyDictionary<string, long> MissingValues { get; init; }
}
