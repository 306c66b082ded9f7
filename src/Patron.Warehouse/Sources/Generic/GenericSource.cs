using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;

namespace Patron.Warehouse.Sources.Generic;

/// <summary>
/// The tidy three-file export: transactions.csv, customers.csv and products.csv. One transaction is one order with one
/// line; <c>discount</c> is a rate in [0, 1) of quantity × price; a negative quantity is a return.
/// </summary>
public sealed class GenericSource : ISourceAdapter
{
    public const string TimestampFormat = "%Y-%m-%d %H:%M:%S";
    public const string DateFormat = "%Y-%m-%d";

    private static readonly SourceFile[] FileList =
    [
        new("transactions", "transactions.csv",
        [
            new("transaction_id", ColumnType.Text),
            new("customer_id", ColumnType.Text),
            new("product_id", ColumnType.Text),
            new("quantity", ColumnType.Integer),
            new("price", ColumnType.Double),
            new("discount", ColumnType.Double),
            new("timestamp", ColumnType.Timestamp, TimestampFormat),
            new("payment_method", ColumnType.Text),
        ]),
        new("customers", "customers.csv",
        [
            new("customer_id", ColumnType.Text),
            new("registration_date", ColumnType.Date, DateFormat),
            new("age", ColumnType.Integer),
            new("country", ColumnType.Text),
            new("email_domain", ColumnType.Text),
            new("acquisition_channel", ColumnType.Text),
        ]),
        new("products", "products.csv",
        [
            new("product_id", ColumnType.Text),
            new("category", ColumnType.Text),
            new("subcategory", ColumnType.Text),
            new("brand", ColumnType.Text),
            new("base_price", ColumnType.Double),
            new("margin", ColumnType.Double),
        ]),
    ];

    public string Name => "generic";

    public string Description => "Three CSV files: transactions (one line per order), customers, products.";

    public IReadOnlyList<SourceFile> Files => FileList;

    public IReadOnlyList<QualityCheck> Checks => [];

    public string? ChecksSql => null;

    public DateOnly ShopOpened => new(2000, 1, 1);

    public string StagingSql(IngestOptions options) => SqlScripts.Load("Sources/generic/staging.sql");

    public double Detect(string folder) => SourceDetection.ScoreByFilesAndHeaders(folder, FileList);
}
