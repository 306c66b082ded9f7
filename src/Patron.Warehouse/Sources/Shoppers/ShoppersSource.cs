using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;

namespace Patron.Warehouse.Sources.Shoppers;

/// <summary>
/// UCI Online Shoppers Purchasing Intention: one row per anonymous session (page counts and durations, rates, month,
/// visitor type, the target <c>Revenue</c>). There is no customer: rows land in <c>silver.shopper_sessions</c>, a table
/// of its own kind that feeds the session-purchase task, and the customer tables stay empty for this source.
/// </summary>
public sealed class ShoppersSource : ISourceAdapter
{
    private static readonly SourceFile[] FileList =
    [
        new("sessions", "online_shoppers_intention.csv",
        [
            new("Administrative", ColumnType.Integer),
            new("Administrative_Duration", ColumnType.Double),
            new("Informational", ColumnType.Integer),
            new("Informational_Duration", ColumnType.Double),
            new("ProductRelated", ColumnType.Integer),
            new("ProductRelated_Duration", ColumnType.Double),
            new("BounceRates", ColumnType.Double),
            new("ExitRates", ColumnType.Double),
            new("PageValues", ColumnType.Double),
            new("SpecialDay", ColumnType.Double),
            new("Month", ColumnType.Text),
            new("OperatingSystems", ColumnType.Integer),
            new("Browser", ColumnType.Integer),
            new("Region", ColumnType.Integer),
            new("TrafficType", ColumnType.Integer),
            new("VisitorType", ColumnType.Text),
            new("Weekend", ColumnType.Boolean),
            new("Revenue", ColumnType.Boolean),
        ]),
    ];

    private static readonly QualityCheck[] CheckList =
    [
        new("shoppers_values_out_of_range", "Shopper sessions with impossible values",
            "A negative page count or duration, a bounce or exit rate outside [0, 1], or a month name that is not a month.",
            "Kept and reported; the month is NULL when it cannot be read."),
        new("shoppers_missing_target", "Shopper sessions without Revenue", "A session whose Revenue is empty.", "Not copied to silver."),
    ];

    public string Name => "shoppers";

    public string Description => "UCI Online Shoppers Purchasing Intention: one CSV file, one anonymous session per row with the Revenue target.";

    public IReadOnlyList<SourceFile> Files => FileList;

    public IReadOnlyList<QualityCheck> Checks => CheckList;

    public string? ChecksSql => SqlScripts.Load("Sources/shoppers/checks.sql");

    public DateOnly ShopOpened => new(2000, 1, 1);

    public string StagingSql(IngestOptions options) => SqlScripts.Load("Sources/shoppers/staging.sql");

    public double Detect(string path) => SourceDetection.ScoreByFilesAndHeaders(path, FileList);
}
