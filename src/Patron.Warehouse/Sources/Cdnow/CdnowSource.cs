using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;

namespace Patron.Warehouse.Sources.Cdnow;

/// <summary>
/// The CDNOW purchase log (1997-1998): whitespace-separated lines of customer, day, number of CDs and dollars. The
/// master file is fixed-width with a header line; the 1/10 sample adds a sample id and has no header. Several purchases
/// by one customer on one day are one order, one line per purchase row.
/// </summary>
public sealed class CdnowSource : ISourceAdapter
{
    public const string DateFormat = "%Y%m%d";

    private static readonly SourceFile[] FileList =
    [
        new("master", "CDNOW_master.txt",
        [
            new("customer_id", ColumnType.Text),
            new("date", ColumnType.Date, DateFormat),
            new("number_of_cds", ColumnType.Integer) { Aliases = ["cds", "quantity"] },
            new("dollar_value", ColumnType.Double) { Aliases = ["dollars", "amount"] },
        ], Required: false) { Layout = FileLayout.Whitespace },
        new("sample", "CDNOW_sample.txt",
        [
            new("customer_id", ColumnType.Text),
            new("sample_id", ColumnType.Text),
            new("date", ColumnType.Date, DateFormat),
            new("number_of_cds", ColumnType.Integer) { Aliases = ["cds", "quantity"] },
            new("dollar_value", ColumnType.Double) { Aliases = ["dollars", "amount"] },
        ], Required: false) { Layout = FileLayout.Whitespace },
    ];

    private static readonly QualityCheck[] CheckList =
    [
        new("cdnow_zero_value_purchases", "CDNOW purchases with no CDs or no dollars",
            "A purchase row with 0 CDs or 0 dollars.",
            "Reported; the line is quarantined by the shared quantity or price check."),
    ];

    public string Name => "cdnow";

    public string Description => "CDNOW purchase log: CDNOW_master.txt (fixed width, header) or CDNOW_sample.txt (whitespace, no header).";

    public IReadOnlyList<SourceFile> Files => FileList;

    public IReadOnlyList<QualityCheck> Checks => CheckList;

    public string? ChecksSql => SqlScripts.Load("Sources/cdnow/checks.sql");

    /// <summary>The log covers January 1997 to June 1998, before the usual 2000 plausibility floor.</summary>
    public DateOnly ShopOpened => new(1990, 1, 1);

    public string StagingSql(IngestOptions options) => SqlScripts.Load("Sources/cdnow/staging.sql");

    public double Detect(string path) => SourceDetection.ScoreByFilesAndHeaders(path, FileList);
}
