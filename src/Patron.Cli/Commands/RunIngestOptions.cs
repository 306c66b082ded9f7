using System.CommandLine;
using System.Globalization;
using Patron.Pipeline;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;

namespace Patron.Cli.Commands;

/// <summary>The ingest options of <c>patron run</c>: the flags of <c>patron ingest</c>, each falling back to
/// patron.yaml, then to the ingest's default.</summary>
internal sealed class RunIngestOptions
{
    private readonly Option<bool> _strict = new("--strict") { Description = "Ingest: store nothing and fail if any row is rejected." };

    private readonly Option<bool> _keepOrphans = new("--keep-orphans")
    {
        Description = "Ingest: keep orders naming unknown customers and lines naming unknown products in silver (default: quarantine them).",
    };

    private readonly Option<bool> _quarantineOutliers = new("--quarantine-outliers")
    {
        Description = "Ingest: quarantine price outliers instead of flagging them and keeping them.",
    };

    private readonly Option<string?> _shopOpened = new("--shop-opened")
    {
        Description = "Ingest: yyyy-MM-dd; orders before this day are quarantined as pre-opening timestamps (default: the source's earliest plausible day).",
    };

    private readonly Option<string?> _purchaseStatuses = new("--purchase-statuses")
    {
        Description = "Ingest: comma-separated order statuses that count as purchases, for sources with statuses (olist; default: delivered).",
    };

    private readonly Option<string?> _dateOrder = new("--date-order")
    {
        Description = "Ingest: how to read slashed dates such as 12/1/2010: auto (default; ambiguous files fail), mdy or dmy.",
    };

    public RunIngestOptions()
    {
        _dateOrder.AcceptOnlyFromAmong("auto", "mdy", "dmy");
    }

    public IEnumerable<Option> All => [_strict, _keepOrphans, _quarantineOutliers, _shopOpened, _purchaseStatuses, _dateOrder];

    /// <summary>The ingest options from the flags, else from <paramref name="file"/>, else the defaults.</summary>
    public IngestOptions Read(ParseResult parse, PipelineConfig file)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(file);
        var statuses = parse.GetValue(_purchaseStatuses) is { Length: > 0 } list
            ? PipelineConfig.ParseTasks(list)
            : file.PurchaseStatuses;
        return new IngestOptions(Flag(parse, _strict) ?? file.Strict ?? false)
        {
            PurchaseStatuses = statuses is { Count: > 0 } ? statuses : null,
            DateOrder = (parse.GetValue(_dateOrder) ?? file.DateOrder) switch
            {
                "mdy" => DateOrder.MonthFirst,
                "dmy" => DateOrder.DayFirst,
                _ => DateOrder.Auto,
            },
            Policy = new QualityPolicy
            {
                KeepOrphans = Flag(parse, _keepOrphans) ?? file.KeepOrphans ?? false,
                QuarantineOutliers = Flag(parse, _quarantineOutliers) ?? file.QuarantineOutliers ?? false,
                ShopOpened = parse.GetValue(_shopOpened) is { Length: > 0 } opened ? ParseDate(opened) : file.ShopOpened,
            },
        };
    }

    /// <summary>True when the flag was given, else null so the file's setting applies.</summary>
    private static bool? Flag(ParseResult parse, Option<bool> option) =>
        parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;

    private static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ArgumentException($"--shop-opened: expected a date as yyyy-MM-dd, got '{text}'.");
}
