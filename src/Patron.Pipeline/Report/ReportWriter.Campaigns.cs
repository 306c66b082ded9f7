using System.Globalization;
using System.Text;
using Patron.Pipeline.Report.Charts;

namespace Patron.Pipeline.Report;

public static partial class ReportWriter
{
    /// <summary>The seasonality view's daily revenue (kpi/daily.csv) with the campaigns of <c>--campaigns</c> shaded,
    /// and each campaign's lift against the expected level (kpi/campaign_lift.csv; docs/experiments.md).</summary>
    private static void AppendDailyRevenue(StringBuilder html, RunFolder run, List<string> charts)
    {
        if (run.Kpi("daily") is not { Count: > 1 } daily)
        {
            return;
        }

        var days = new List<string>(daily.Count);
        var points = new List<(double, double)>(daily.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < daily.Count; i++)
        {
            var day = daily.Text(i, "day");
            index[day] = i;
            days.Add(day);
            points.Add((i, daily.Number(i, "revenue")));
        }

        var lift = run.Kpi("campaign_lift");
        var bands = new List<(double, double, string)>();
        for (var i = 0; i < (lift?.Count ?? 0); i++)
        {
            var (from, to) = (Position(lift!.Text(i, "start"), days, index), Position(lift.Text(i, "end"), days, index));
            if (from <= to && lift.Number(i, "days") > 0)
            {
                bands.Add((from, to, $"{lift.Text(i, "campaign")}: {lift.Text(i, "start")} to {lift.Text(i, "end")}"));
            }
        }

        charts.Add("chart-daily-revenue");
        html.Append("<figure><figcaption>Daily revenue").Append(bands.Count > 0 ? " (campaigns shaded)" : "").Append("</figcaption>")
            .Append(LineChart.Render("chart-daily-revenue", "Daily revenue", [new ChartSeries("revenue", points, Svg.Palette[0])],
                new LineChartOptions { XCategories = days, YLabel = "revenue per day", Width = 1080, Height = 280, Bands = bands }))
            .Append("</figure>");
        if (lift is null)
        {
            return;
        }

        html.Append("<h3 id=\"campaigns\">Campaign lift</h3><table><tr><th>campaign</th><th>dates</th><th>days</th><th>expected per day</th>")
            .Append("<th>observed per day</th><th>lift per day (95 % interval)</th><th>total lift (95 % interval)</th><th>relative</th></tr>");
        for (var i = 0; i < lift.Count; i++)
        {
            html.Append("<tr><td>").Append(Esc(lift.Text(i, "campaign"))).Append("</td><td>").Append(Esc(lift.Text(i, "start"))).Append(" to ")
                .Append(Esc(lift.Text(i, "end"))).Append("</td><td class=\"n\">").Append(Esc(lift.Text(i, "days"))).Append("</td>");
            var note = lift.Text(i, "note");
            if (note.Length > 0)
            {
                html.Append("<td colspan=\"5\" class=\"muted\">no estimate: ").Append(Esc(note)).Append("</td></tr>");
                continue;
            }

            html.Append("<td class=\"n\">").Append(Fmt(lift.Number(i, "expected_daily_revenue"), "#,0.00")).Append("</td><td class=\"n\">")
                .Append(Fmt(lift.Number(i, "observed_daily_revenue"), "#,0.00")).Append("</td><td class=\"n\">")
                .Append(Interval(lift.Number(i, "daily_lift"), lift.Number(i, "daily_lift_low"), lift.Number(i, "daily_lift_high"))).Append("</td><td class=\"n\">")
                .Append(Interval(lift.Number(i, "total_lift"), lift.Number(i, "total_lift_low"), lift.Number(i, "total_lift_high"))).Append("</td><td class=\"n\">")
                .Append(Fmt(100 * lift.Number(i, "relative_lift"), "+0.0;-0.0")).Append(" %</td></tr>");
        }

        html.Append("</table><p class=\"muted small\">Expected level: for each weekday of the campaign, the mean revenue of the same weekday over the ")
            .Append("8 weeks before it (days of any campaign left out). The interval is a t interval from the spread of those days ")
            .Append("(docs/experiments.md); it assumes the level was steady over those weeks, so a trend or a holiday near the campaign moves it.</p>");
    }

    /// <summary>The x position of a day: its row, or the nearest end of the series when the day lies outside it.</summary>
    private static int Position(string day, List<string> days, Dictionary<string, int> index) =>
        index.TryGetValue(day, out var i) ? i
        : string.CompareOrdinal(day, days[0]) < 0 ? 0
        : string.CompareOrdinal(day, days[^1]) > 0 ? days.Count - 1
        : -1;

    private static string Interval(double value, double low, double high) =>
        Esc(string.Create(CultureInfo.InvariantCulture, $"{Fmt(value, "#,0.00")} ({Fmt(low, "#,0.00")} to {Fmt(high, "#,0.00")})"));
}
