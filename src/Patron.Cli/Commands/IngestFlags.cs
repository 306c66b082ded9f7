using System.CommandLine;
using System.Globalization;
using Patron.Pipeline;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Quality;

namespace Patron.Cli.Commands;

/// <summary>The ingest flags, defined once for <c>patron ingest</c> and <c>patron run</c>: each flag falls back to
/// patron.yaml (for <c>run</c>), then to the ingest's default.</summary>
internal sealed class IngestFlags
{
    private readonly Option<bool> _strict;
    private readonly Option<bool> _keepOrphans;
    private readonly Option<bool> _quarantineOutliers;
    private readonly Option<string?> _shopOpened;
    private readonly Option<string?> _purchaseStatuses;
    private readonly Option<string?> _dateOrder;

    /// <param name="prefix">Put before each description (e.g. "Ingest: " where the flags sit among other stages').</param>
    public IngestFlags(string prefix = "")
    {
        string Describe(string text) => prefix.Length == 0 ? text : prefix + char.ToLowerInvariant(text[0]) + text[1..];
        _strict = new("--strict") { Description = Describe("Store nothing and fail if any row is rejected.") };
        _purchaseStatuses = new("--purchase-statuses")
        {
            Description = Describe("Comma-separated order statuses that count as purchases, for sources with statuses (olist; default: delivered)."),
        };
        _dateOrder = new("--date-order")
        {
            Description = Describe("How to read slashed dates such as 12/1/2010: auto (default; from the data, ambiguous files fail), mdy (month first) or dmy (day first)."),
        };
        _dateOrder.AcceptOnlyFromAmong("auto", "mdy", "dmy");
        _keepOrphans = new("--keep-orphans")
        {
            Description = Describe("Keep orders naming unknown customers and lines naming unknown products in silver (default: quarantine them)."),
        };
        _quarantineOutliers = new("--quarantine-outliers")
        {
            Description = Describe("Quarantine price outliers instead of flagging them (order_lines.is_outlier) and keeping them."),
        };
        _shopOpened = new("--shop-opened")
        {
            Description = Describe("yyyy-MM-dd: orders before this day are quarantined as pre-opening timestamps (default: the source's earliest plausible day)."),
        };
    }

    /// <summary>The flags, in the order <c>--help</c> lists them.</summary>
    public IEnumerable<Option> All => [_strict, _purchaseStatuses, _dateOrder, _keepOrphans, _quarantineOutliers, _shopOpened];

    /// <summary>The ingest options from the flags, else from <paramref name="file"/> (patron.yaml; none for
    /// <c>patron ingest</c>), else the defaults.</summary>
    public IngestOptions Read(ParseResult parse, PipelineConfig? file = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        file ??= new PipelineConfig();
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
