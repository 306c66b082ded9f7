using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Patron.Pipeline;

/// <summary>The settings of <c>patron.yaml</c>: the same names as the flags (snake_case), each optional. Flags win.</summary>
/// <remarks>Example:
/// <code>
/// source: generic
/// input: shop/
/// out: run/
/// cutoff: 2026-10-01
/// horizon: 90d
/// clv_horizon: 365d
/// tasks: [churn, repeat, high_value, clv]
/// folds: 3
/// rounds: 200
/// max_training_rows: 500000
/// seed: 42
/// runs_store: mlruns/
/// warehouse: patron.duckdb
/// strict: false
/// keep_orphans: false
/// quarantine_outliers: false
/// shop_opened: 2010-01-01
/// purchase_statuses: [delivered, shipped]
/// date_order: mdy
/// campaigns: campaigns.csv
/// </code></remarks>
public sealed record PipelineConfig
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "source", "input", "out", "cutoff", "horizon", "clv_horizon", "tasks", "folds", "cv", "rounds", "max_training_rows", "seed", "runs_store", "warehouse",
        "strict", "keep_orphans", "quarantine_outliers", "shop_opened", "purchase_statuses", "date_order",
        "campaigns",
    };

    public string? Source { get; init; }

    public string? Input { get; init; }

    public string? Out { get; init; }

    public DateOnly? Cutoff { get; init; }

    public int? HorizonDays { get; init; }

    public int? ClvHorizonDays { get; init; }

    public IReadOnlyList<string>? Tasks { get; init; }

    public int? Folds { get; init; }

    public bool? CrossValidateEvery { get; init; }

    public int? Rounds { get; init; }

    public int? MaxTrainingRows { get; init; }

    public long? Seed { get; init; }

    public string? RunsStore { get; init; }

    public string? Warehouse { get; init; }

    /// <summary>The campaigns file (name,start,end) whose lift the report estimates.</summary>
    public string? Campaigns { get; init; }

    /// <summary>Ingest: store nothing and fail when any row is rejected.</summary>
    public bool? Strict { get; init; }

    /// <summary>Ingest: keep rows naming unknown customers or products in silver.</summary>
    public bool? KeepOrphans { get; init; }

    /// <summary>Ingest: quarantine price outliers instead of flagging them.</summary>
    public bool? QuarantineOutliers { get; init; }

    /// <summary>Ingest: orders before this day are pre-opening timestamps.</summary>
    public DateOnly? ShopOpened { get; init; }

    /// <summary>Ingest: order statuses that count as purchases (olist).</summary>
    public IReadOnlyList<string>? PurchaseStatuses { get; init; }

    /// <summary>Ingest: how slashed dates are read: auto, mdy or dmy.</summary>
    public string? DateOrder { get; init; }

    /// <summary>Reads <paramref name="path"/>; relative paths in it are taken relative to the file's folder.</summary>
    public static PipelineConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            try
            {
                yaml.Load(reader);
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new FormatException($"{path}, line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
            }
        }

        if (yaml.Documents.Count == 0)
        {
            return new PipelineConfig();
        }

        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException($"{path}: expected a mapping of settings (key: value) at the top.");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!Known.Contains(key))
            {
                throw new FormatException($"{path}, line {keyNode.Start.Line}: unknown setting '{key}'. Known: {string.Join(", ", Known)}.");
            }

            values[key] = value;
        }

        return new PipelineConfig
        {
            Source = Text(values, "source"),
            Input = PathOf(values, "input", folder),
            Out = PathOf(values, "out", folder),
            Cutoff = Text(values, "cutoff") is { } c ? ParseDate(c, path, "cutoff") : null,
            HorizonDays = Text(values, "horizon") is { } h ? ParseDays(h, "horizon") : null,
            ClvHorizonDays = Text(values, "clv_horizon") is { } ch ? ParseDays(ch, "clv_horizon") : null,
            Tasks = values.TryGetValue("tasks", out var t) ? TaskList(t) : null,
            Folds = Text(values, "folds") is { } f ? int.Parse(f, CultureInfo.InvariantCulture) : null,
            CrossValidateEvery = Flag(values, "cv", path),
            Rounds = Text(values, "rounds") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : null,
            MaxTrainingRows = Text(values, "max_training_rows") is { } m ? int.Parse(m, CultureInfo.InvariantCulture) : null,
            Seed = Text(values, "seed") is { } s ? long.Parse(s, CultureInfo.InvariantCulture) : null,
            RunsStore = PathOf(values, "runs_store", folder),
            Warehouse = PathOf(values, "warehouse", folder),
            Strict = Flag(values, "strict", path),
            KeepOrphans = Flag(values, "keep_orphans", path),
            QuarantineOutliers = Flag(values, "quarantine_outliers", path),
            ShopOpened = Text(values, "shop_opened") is { } o ? ParseDate(o, path, "shop_opened") : null,
            PurchaseStatuses = values.TryGetValue("purchase_statuses", out var ps) ? TaskList(ps) : null,
            DateOrder = Text(values, "date_order") is { } d ? ParseDateOrder(d, path) : null,
            Campaigns = PathOf(values, "campaigns", folder),
        };
    }

    /// <summary>Days from "90", "90d", "13w" or "1y" (365 days).</summary>
    public static int ParseDays(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        var factor = 1;
        if (t.EndsWith('d'))
        {
            t = t[..^1];
        }
        else if (t.EndsWith('w'))
        {
            (t, factor) = (t[..^1], 7);
        }
        else if (t.EndsWith('y'))
        {
            (t, factor) = (t[..^1], 365);
        }

        return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n * factor
            : throw new FormatException($"{name}: expected a number of days such as 90, 90d, 13w or 1y, got '{text}'.");
    }

    /// <summary>Task names from "churn,repeat" (spaces allowed).</summary>
    public static IReadOnlyList<string> ParseTasks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static DateOnly ParseDate(string text, string path, string key) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"{path}: {key}: expected yyyy-MM-dd, got '{text}'.");

    private static bool? Flag(Dictionary<string, YamlNode> values, string key, string path) => Text(values, key) switch
    {
        null => null,
        var t when t.Equals("true", StringComparison.OrdinalIgnoreCase) || t.Equals("yes", StringComparison.OrdinalIgnoreCase) => true,
        var t when t.Equals("false", StringComparison.OrdinalIgnoreCase) || t.Equals("no", StringComparison.OrdinalIgnoreCase) => false,
        var t => throw new FormatException($"{path}: {key}: expected true or false, got '{t}'."),
    };

    private static string ParseDateOrder(string text, string path) =>
        text is "auto" or "mdy" or "dmy" ? text : throw new FormatException($"{path}: date_order: expected auto, mdy or dmy, got '{text}'.");

    private static string? Text(Dictionary<string, YamlNode> values, string key) =>
        values.TryGetValue(key, out var node) && node is YamlScalarNode scalar && !string.IsNullOrWhiteSpace(scalar.Value) ? scalar.Value : null;

    private static string? PathOf(Dictionary<string, YamlNode> values, string key, string folder) =>
        Text(values, key) is { } p ? Path.GetFullPath(p, folder) : null;

    private static List<string> TaskList(YamlNode node)
    {
        if (node is YamlScalarNode scalar)
        {
            return [.. ParseTasks(scalar.Value ?? "")];
        }

        var list = new List<string>();
        foreach (var item in ((YamlSequenceNode)node).Children)
        {
            list.Add(((YamlScalarNode)item).Value ?? "");
        }

        return list;
    }
}
