using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;

namespace Patron.Warehouse.Sources.Sessions;

/// <summary>
/// A customer file and a web-session file (customer, date, product viewed, browsing time, purchase flag and amount).
/// Every session lands in <c>silver.sessions</c>; a session with a purchase is also an order of one line.
/// </summary>
public sealed class SessionsSource : ISourceAdapter
{
    /// <summary>Dates in ISO form, or slashed in either order (decided per file from the data, or by --date-order).</summary>
    public static readonly IReadOnlyList<DateFormatCandidate> DateFormats =
    [
        new("%Y-%m-%d"),
        new("%m/%d/%Y", DateOrder.MonthFirst),
        new("%d/%m/%Y", DateOrder.DayFirst),
    ];

    /// <summary>Session times: ISO with or without a time of day, or slashed in either order.</summary>
    public static readonly IReadOnlyList<DateFormatCandidate> TimeFormats =
    [
        new("%Y-%m-%d %H:%M:%S"),
        new("%Y-%m-%d %H:%M"),
        new("%Y-%m-%dT%H:%M:%S"),
        new("%Y-%m-%d"),
        new("%m/%d/%Y %H:%M", DateOrder.MonthFirst),
        new("%m/%d/%Y", DateOrder.MonthFirst),
        new("%d/%m/%Y %H:%M", DateOrder.DayFirst),
        new("%d/%m/%Y", DateOrder.DayFirst),
    ];

    private static readonly SourceFile[] FileList =
    [
        new("customers", "customers.csv",
        [
            new("customer_id", ColumnType.Text),
            new("age", ColumnType.Integer),
            new("gender", ColumnType.Text),
            new("location", ColumnType.Text),
            new("signup_date", ColumnType.Date) { FormatCandidates = DateFormats },
        ]),
        new("sessions", "sessions.csv",
        [
            new("session_id", ColumnType.Text),
            new("customer_id", ColumnType.Text),
            new("session_date", ColumnType.Timestamp) { FormatCandidates = TimeFormats },
            new("product_viewed", ColumnType.Text),
            new("browsing_time_sec", ColumnType.Double),
            new("purchase_made", ColumnType.Text),
            new("purchase_amount", ColumnType.Double),
        ]),
    ];

    private static readonly QualityCheck[] CheckList =
    [
        new("sessions_unreadable_purchase_flag", "Sessions with an unreadable purchase flag",
            "purchase_made is not one of 1/0, true/false, yes/no, y/n (any case).",
            "Read as a purchase when purchase_amount > 0, otherwise as no purchase; reported."),
        new("sessions_purchase_without_amount", "Purchases without an amount",
            "A session marked as a purchase whose purchase_amount is empty, zero or negative.",
            "The session is kept; its order line is quarantined by the shared amount and price checks."),
    ];

    public string Name => "sessions";

    public string Description => "customers.csv and sessions.csv: web sessions of known customers; a session with a purchase is also an order.";

    public IReadOnlyList<SourceFile> Files => FileList;

    public IReadOnlyList<QualityCheck> Checks => CheckList;

    public string? ChecksSql => SqlScripts.Load("Sources/sessions/checks.sql");

    public DateOnly ShopOpened => new(2000, 1, 1);

    public string StagingSql(IngestOptions options) => SqlScripts.Load("Sources/sessions/staging.sql");

    public double Detect(string path) => SourceDetection.ScoreByFilesAndHeaders(path, FileList);
}
