using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;

namespace Patron.Warehouse.Sources.Generic;

/// <summary>
/// The tidy three-file export: transactions.csv, customers.csv and products.csv, plus an optional sessions.csv of web
/// sessions. One transaction is one order with one line; <c>discount</c> is a rate in [0, 1) of quantity × price; a
/// negative quantity is a return. Sessions land in <c>silver.sessions</c> only: orders come from transactions.csv.
/// </summary>
public sealed class GenericSource : ISourceAdapter
{
    public const string TimestampFormat = "%Y-%m-%d %H:%M:%S";
    public const string DateFormat = "%Y-%m-%d";

    private static readonly SourceFile[] FileList =
    [
        new("transactions", "transactions.csv",
        [
            new("transaction_id", ColumnType.Text) { RowKey = true },
            new("customer_id", ColumnType.Text),
            new("product_id", ColumnType.Text),
            new("quantity", ColumnType.Integer),
            new("price", ColumnType.Double),
            new("discount", ColumnType.Double),
            new("timestamp", ColumnType.Timestamp, TimestampFormat),
            new("payment_method", ColumnType.Text) { FewValues = true },
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
        new("sessions", "sessions.csv",
        [
            new("session_id", ColumnType.Text) { RowKey = true },
            new("customer_id", ColumnType.Text),
            new("started_at", ColumnType.Timestamp, TimestampFormat) { Aliases = ["session_start", "start_time", "started"] },
            new("duration_sec", ColumnType.Double) { Aliases = ["duration", "duration_seconds", "browsing_time_sec"], Optional = true },
            new("page_views", ColumnType.Integer) { Aliases = ["pages", "pageviews", "page_count"], Optional = true },
            new("product_id", ColumnType.Text) { Aliases = ["product_viewed"], Optional = true },

            // DuckDB reads 1/0, true/false, t/f, yes/no and y/n, in any case; anything else is a reject of the line.
            new("purchased", ColumnType.Boolean) { Aliases = ["purchase_made", "converted"] },
        ], Required: false),
    ];

    public string Name => "generic";

    public string Description => "Three CSV files: transactions (one line per order), customers, products; optionally sessions (web sessions).";

    public IReadOnlyList<SourceFile> Files => FileList;

    public IReadOnlyList<QualityCheck> Checks => [];

    public string? ChecksSql => null;

    public DateOnly ShopOpened => new(2000, 1, 1);

    /// <summary>Orders and lines are both read from transactions.csv, one of each per row (staging.sql).</summary>
    public bool OneLinePerOrder => true;

    public string StagingSql(IngestOptions options) => SqlScripts.Load("Sources/generic/staging.sql");

    public double Detect(string folder) => SourceDetection.ScoreByFilesAndHeaders(folder, FileList);
}
