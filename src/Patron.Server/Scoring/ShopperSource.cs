using System.Globalization;

namespace Patron.Server.Scoring;

/// <summary>The 17 columns of an Online Shoppers export (UCI Online Shoppers Purchasing Intention) and their mapping to
/// the shopper session features, the same as the warehouse's staging view and <c>Sql/session_shoppers.sql</c>
/// compute: page totals with missing parts as 0 (durations rounded to 6 decimals first, as the DECIMAL(18, 6) sum does),
/// the product page share, the month from its name, and the coded categories as text.</summary>
internal static class ShopperSource
{
    /// <summary>The export's label column: accepted in a request and ignored.</summary>
    public const string Label = "Revenue";

    public static IReadOnlyList<ColumnRule> Columns { get; } =
    [
        new("Administrative", CellKind.Number),
        new("Administrative_Duration", CellKind.Number),
        new("Informational", CellKind.Number),
        new("Informational_Duration", CellKind.Number),
        new("ProductRelated", CellKind.Number),
        new("ProductRelated_Duration", CellKind.Number),
        new("BounceRates", CellKind.Number),
        new("ExitRates", CellKind.Number),
        new("PageValues", CellKind.Number),
        new("SpecialDay", CellKind.Number),
        new("Month", CellKind.Text),
        new("OperatingSystems", CellKind.Text),
        new("Browser", CellKind.Text),
        new("Region", CellKind.Text),
        new("TrafficType", CellKind.Text),
        new("VisitorType", CellKind.Text),
        new("Weekend", CellKind.Flag),
    ];

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Whether a request row looks like the export (it names <c>PageValues</c>).</summary>
    public static bool IsSourceRow(System.Text.Json.JsonElement row) =>
        row.ValueKind == System.Text.Json.JsonValueKind.Object && row.TryGetProperty("PageValues", out _);

    /// <summary>The session features of the rows, by feature name.</summary>
    public static RequestRows ToFeatures(RequestRows source)
    {
        var n = source.Count;
        var numbers = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            ["administrative_pages"] = source.Numbers("Administrative"),
            ["administrative_duration_sec"] = source.Numbers("Administrative_Duration"),
            ["informational_pages"] = source.Numbers("Informational"),
            ["informational_duration_sec"] = source.Numbers("Informational_Duration"),
            ["product_pages"] = source.Numbers("ProductRelated"),
            ["product_duration_sec"] = source.Numbers("ProductRelated_Duration"),
            ["bounce_rate"] = source.Numbers("BounceRates"),
            ["exit_rate"] = source.Numbers("ExitRates"),
            ["page_value"] = source.Numbers("PageValues"),
            ["special_day"] = source.Numbers("SpecialDay"),
            ["is_weekend"] = source.Numbers("Weekend"),
        };
        var totalPages = new double[n];
        var totalDuration = new double[n];
        var share = new double[n];
        var month = new double[n];
        var admin = numbers["administrative_pages"];
        var info = numbers["informational_pages"];
        var product = numbers["product_pages"];
        var monthText = source.Texts("Month");
        for (var i = 0; i < n; i++)
        {
            var pages = Zero(admin[i]) + Zero(info[i]) + Zero(product[i]);
            totalPages[i] = pages;
            totalDuration[i] = (double)(Sixth(numbers["administrative_duration_sec"][i]) + Sixth(numbers["informational_duration_sec"][i])
                + Sixth(numbers["product_duration_sec"][i]));
            share[i] = pages > 0 ? Zero(product[i]) / pages : double.NaN;
            month[i] = MonthNumber(monthText[i]);
        }

        numbers["total_pages"] = totalPages;
        numbers["total_duration_sec"] = totalDuration;
        numbers["product_page_share"] = share;
        numbers["month"] = month;
        var texts = new Dictionary<string, string?[]>(StringComparer.Ordinal)
        {
            ["visitor_type"] = source.Texts("VisitorType"),
            ["operating_system"] = source.Texts("OperatingSystems"),
            ["browser"] = source.Texts("Browser"),
            ["region"] = source.Texts("Region"),
            ["traffic_type"] = source.Texts("TrafficType"),
        };
        return new RequestRows(n, numbers, texts);
    }

    /// <summary>1-12 from a month name or its first three letters (any case), NaN otherwise.</summary>
    public static double MonthNumber(string? text)
    {
        if (text is null)
        {
            return double.NaN;
        }

        var t = text.AsSpan().Trim();
        if (t.Length < 3)
        {
            return double.NaN;
        }

        Span<char> head = stackalloc char[3];
        t[..3].ToLowerInvariant(head);
        for (var m = 0; m < Months.Length; m++)
        {
            if (head.SequenceEqual(Months[m]))
            {
                return m + 1;
            }
        }

        return double.NaN;
    }

    private static double Zero(double value) => double.IsNaN(value) ? 0 : value;

    /// <summary>A duration as DECIMAL(18, 6) holds it (0 when missing); values out of that range are kept as they are.</summary>
    private static decimal Sixth(double value)
    {
        if (double.IsNaN(value))
        {
            return 0m;
        }

        return Math.Abs(value) < 1e12 ? Math.Round((decimal)value, 6, MidpointRounding.AwayFromZero) : (decimal)Math.Clamp(value, -1e12, 1e12);
    }

    internal static string Describe() => string.Join(", ", Names());

    private static IEnumerable<string> Names()
    {
        foreach (var column in Columns)
        {
            yield return column.Name;
        }
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
