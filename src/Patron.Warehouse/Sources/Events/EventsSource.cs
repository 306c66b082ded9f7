using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;

namespace Patron.Warehouse.Sources.Events;

/// <summary>
/// Events posted to a running server (<c>POST /api/events</c>), written as batches of up to four CSV files: orders,
/// their lines, customers and web sessions. Every file is optional, since a batch may carry any of them. The events
/// extend the shop already in the warehouse: an order's customer and a line's product may come from another source
/// (<see cref="ISourceAdapter.ExtendsWarehouse"/>); every other rule is the shared one.
/// </summary>
public sealed class EventsSource : ISourceAdapter
{
    /// <summary>The source's name in the <c>source</c> column.</summary>
    public const string SourceName = "events";

    /// <summary>How the batch writer spells times: microseconds, no zone (times are UTC).</summary>
    public const string TimestampFormat = "%Y-%m-%d %H:%M:%S.%f";

    public const string DateFormat = "%Y-%m-%d";

    private static readonly SourceFile[] FileList =
    [
        new("orders", "orders.csv",
        [
            new("order_id", ColumnType.Text),
            new("customer_id", ColumnType.Text),
            new("ordered_at", ColumnType.Timestamp, TimestampFormat),
            new("payment_method", ColumnType.Text) { Optional = true },
        ], Required: false),
        new("order_lines", "order_lines.csv",
        [
            new("order_id", ColumnType.Text),
            new("line_number", ColumnType.Integer),
            new("product_id", ColumnType.Text),
            new("quantity", ColumnType.Double),
            new("unit_price", ColumnType.Double),
            new("discount", ColumnType.Double) { Optional = true },
        ], Required: false),
        new("customers", "customers.csv",
        [
            new("customer_id", ColumnType.Text),
            new("registered_at", ColumnType.Date, DateFormat) { Optional = true },
            new("age", ColumnType.Integer) { Optional = true },
            new("country", ColumnType.Text) { Optional = true },
            new("email_domain", ColumnType.Text) { Optional = true },
            new("acquisition_channel", ColumnType.Text) { Optional = true },
        ], Required: false),
        new("sessions", "sessions.csv",
        [
            new("session_id", ColumnType.Text),
            new("customer_id", ColumnType.Text),
            new("started_at", ColumnType.Timestamp, TimestampFormat),
            new("duration_sec", ColumnType.Double) { Optional = true },
            new("page_views", ColumnType.Integer) { Optional = true },
            new("product_id", ColumnType.Text) { Optional = true },
            new("purchased", ColumnType.Boolean) { Optional = true },
        ], Required: false),
    ];

    public string Name => SourceName;

    public string Description => "Events posted to patron serve: orders.csv, order_lines.csv, customers.csv, sessions.csv (each optional).";

    public IReadOnlyList<SourceFile> Files => FileList;

    public IReadOnlyList<QualityCheck> Checks => [];

    public string? ChecksSql => null;

    public DateOnly ShopOpened => new(2000, 1, 1);

    public bool ExtendsWarehouse => true;

    public string StagingSql(IngestOptions options) => SqlScripts.Load("Sources/events/staging.sql");

    public double Detect(string path) => SourceDetection.ScoreByFilesAndHeaders(path, FileList);
}
