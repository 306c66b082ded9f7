using System.Globalization;
using Patron.Learning.Campaigns;
using Patron.Pipeline.Output;

namespace Patron.Pipeline.Campaigns;

/// <summary>Writes <c>kpi/campaign_lift.csv</c>: each campaign's lift in daily revenue (<see cref="CampaignLift"/>) from
/// the daily revenue of <c>kpi/daily.csv</c>, which the KPI stage writes from the feature store.</summary>
internal static class CampaignLiftWriter
{
    public const string FileName = "campaign_lift.csv";

    /// <summary>The columns of campaign_lift.csv (docs/run-folder.md).</summary>
    public static readonly string[] Header =
    [
        "campaign", "start", "end", "days", "baseline_days", "observed_daily_revenue", "expected_daily_revenue", "daily_lift",
        "daily_lift_low", "daily_lift_high", "total_lift", "total_lift_low", "total_lift_high", "relative_lift", "note",
    ];

    /// <summary>Reads kpi/daily.csv of <paramref name="kpiFolder"/>, estimates every campaign and writes the file; returns
    /// the estimates.</summary>
    public static IReadOnlyList<CampaignLiftEstimate> Write(string kpiFolder, IReadOnlyList<CampaignWindow> campaigns)
    {
        ArgumentNullException.ThrowIfNull(campaigns);
        var (first, revenue) = ReadDaily(Path.Combine(kpiFolder, "daily.csv"));
        var estimates = CampaignLift.Estimate(first, revenue, campaigns);
        using var writer = CsvText.Create(Path.Combine(kpiFolder, FileName));
        writer.WriteLine(string.Join(',', Header));
        foreach (var e in estimates)
        {
            var c = e.Campaign;
            writer.WriteLine(string.Join(',',
                CsvText.Quote(c.Name), Day(c.Start), Day(c.End), e.Days.ToString(CultureInfo.InvariantCulture), e.BaselineDays.ToString(CultureInfo.InvariantCulture),
                JsonNumbers.Cell(e.ObservedMean), JsonNumbers.Cell(e.ExpectedMean), JsonNumbers.Cell(e.DailyLift),
                JsonNumbers.Cell(e.DailyLow), JsonNumbers.Cell(e.DailyHigh), JsonNumbers.Cell(e.TotalLift),
                JsonNumbers.Cell(e.TotalLow), JsonNumbers.Cell(e.TotalHigh), JsonNumbers.Cell(e.RelativeLift), CsvText.Quote(e.Note)));
        }

        return estimates;
    }

    /// <summary>The daily series of kpi/daily.csv: one value per consecutive day from the first, days the file lacks as 0.</summary>
    internal static (DateOnly First, double[] Revenue) ReadDaily(string path)
    {
        if (!File.Exists(path))
        {
            return (default, []);
        }

        using var table = RunTable.ReadCsv(path, name => name == "revenue");
        var days = table.Texts("day");
        var values = table.Numbers("revenue");
        if (days.Length == 0)
        {
            return (default, []);
        }

        var first = ParseDay(days[0]);
        var last = ParseDay(days[^1]);
        var revenue = new double[last.DayNumber - first.DayNumber + 1];
        for (var i = 0; i < days.Length; i++)
        {
            var v = values[i];
            revenue[ParseDay(days[i]).DayNumber - first.DayNumber] = double.IsNaN(v) ? 0 : v;
        }

        return (first, revenue);
    }

    private static DateOnly ParseDay(string? text) => DateOnly.ParseExact(text ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
