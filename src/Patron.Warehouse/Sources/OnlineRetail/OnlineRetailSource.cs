using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;

namespace Patron.Warehouse.Sources.OnlineRetail;

/// <summary>
/// UCI Online Retail and Online Retail II: one CSV line per invoice line. An invoice is an order; invoices starting with
/// <c>C</c> are cancellations (negative lines, linked to the customer); lines without a customer stay in bronze and are
/// excluded from customer-level silver; postage, fees and manual adjustments are flagged as non-products.
/// </summary>
public sealed class OnlineRetailSource : ISourceAdapter
{
    /// <summary>Accepted forms of InvoiceDate: ISO re-exports, and the UCI original, month first (<c>12/1/2010 8:26</c>).</summary>
    public static readonly IReadOnlyList<DateFormatCandidate> InvoiceDateFormats =
    [
        new("%Y-%m-%d %H:%M:%S"),
        new("%Y-%m-%d %H:%M"),
        new("%Y-%m-%dT%H:%M:%S"),
        new("%m/%d/%Y %H:%M", DateOrder.MonthFirst),
        new("%m/%d/%Y %H:%M:%S", DateOrder.MonthFirst),
        new("%m/%d/%y %H:%M", DateOrder.MonthFirst),
        new("%d/%m/%Y %H:%M", DateOrder.DayFirst),
        new("%d/%m/%Y %H:%M:%S", DateOrder.DayFirst),
        new("%d/%m/%y %H:%M", DateOrder.DayFirst),
    ];

    private static readonly SourceFile[] FileList =
    [
        new("lines", "online_retail.csv",
        [
            new("InvoiceNo", ColumnType.Text) { Aliases = ["Invoice"] },
            new("StockCode", ColumnType.Text),
            new("Description", ColumnType.Text),
            new("Quantity", ColumnType.Integer),
            new("InvoiceDate", ColumnType.Timestamp) { FormatCandidates = InvoiceDateFormats },
            new("UnitPrice", ColumnType.Double) { Aliases = ["Price"] },
            new("CustomerID", ColumnType.Text) { Aliases = ["Customer ID"] },
            new("Country", ColumnType.Text),
        ])
        {
            AlternateNames = ["Online Retail.csv", "online_retail_II.csv", "online_retail_ii.csv", "Year 2009-2010.csv", "Year 2010-2011.csv"],
        },
    ];

    private static readonly QualityCheck[] CheckList =
    [
        new("retail_lines_without_customer", "Online Retail lines without a customer",
            "A line with an empty CustomerID.",
            "Kept in bronze; its invoice is excluded from customer-level silver (reported as an order without a customer)."),
        new("retail_cancellation_without_purchase", "Online Retail cancellations without a matching purchase",
            "A line of a C invoice (a cancellation) whose customer has no earlier or same-time purchase line of the same stock code.",
            "Kept as a negative line; reported because the purchase it cancels is outside the data."),
        new("retail_zero_price", "Online Retail lines at price 0",
            "A line with UnitPrice 0 (any quantity); in the UCI data these are mostly stock adjustments without a customer.",
            "Reported; sold lines at price 0 are also quarantined by the shared price check."),
        new("retail_non_product_lines", "Online Retail non-product lines",
            "A line whose stock code is postage, carriage, a fee, bank charges, a discount, a sample, a manual or bad-debt adjustment, a test or a gift voucher.",
            "Kept; the product is flagged is_non_product and not counted as a product."),
    ];

    public string Name => "online-retail";

    public string Description => "UCI Online Retail (I and II): one CSV file, one line per invoice line; C invoices are cancellations.";

    public IReadOnlyList<SourceFile> Files => FileList;

    public IReadOnlyList<QualityCheck> Checks => CheckList;

    public string? ChecksSql => SqlScripts.Load("Sources/online-retail/checks.sql");

    public DateOnly ShopOpened => new(2000, 1, 1);

    public string StagingSql(IngestOptions options) => SqlScripts.Load("Sources/online-retail/staging.sql");

    public double Detect(string path) => SourceDetection.ScoreByFilesAndHeaders(path, FileList);
}
