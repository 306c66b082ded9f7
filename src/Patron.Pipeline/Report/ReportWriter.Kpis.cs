using System.Globalization;
using System.Text;
using Patron.Pipeline.Report.Charts;

namespace Patron.Pipeline.Report;

public static partial class ReportWriter
{
    private static readonly string[] WeekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static void AppendKpis(StringBuilder html, RunFolder run, List<string> charts)
    {
        html.Append("<h2 id=\"kpis\">KPIs</h2><div class=\"grid\">");
        if (run.Kpi("monthly") is { Count: > 0 } monthly)
        {
            var months = new List<string>();
            var revenue = new List<(double, double)>();
            var active = new List<(double, double)>();
            var fresh = new List<(double, double)>();
            for (var i = 0; i < monthly.Count; i++)
            {
                months.Add(monthly.Text(i, "month"));
                revenue.Add((i, monthly.Number(i, "revenue")));
                active.Add((i, monthly.Number(i, "active_customers")));
                fresh.Add((i, monthly.Number(i, "new_customers")));
            }

            charts.Add("chart-revenue");
            html.Append("<figure><figcaption>Monthly revenue</figcaption>")
                .Append(LineChart.Render("chart-revenue", "Monthly revenue", [new ChartSeries("revenue", revenue, Svg.Palette[0])],
                    new LineChartOptions { XCategories = months, YLabel = "revenue", Width = 540, Markers = true }))
                .Append("</figure>");
            charts.Add("chart-active");
            html.Append("<figure><figcaption>Active and new customers per month</figcaption>")
                .Append(LineChart.Render("chart-active", "Active and new customers per month",
                    [new ChartSeries("active customers", active, Svg.Palette[2]), new ChartSeries("new customers", fresh, Svg.Palette[1], Dashed: true)],
                    new LineChartOptions { XCategories = months, YLabel = "customers", Width = 540 }))
                .Append("</figure>");
        }
        else
        {
            Missing(html, "The revenue trend", KpiWhy(run));
        }

        html.Append("</div>");
        AppendCohorts(html, run, charts);

        html.Append("<div class=\"grid\">");
        var categories = run.Kpi("categories");
        if (categories is { Count: 1 } && categories.Text(0, "category") == "(none)")
        {
            // Online Retail and CDNOW carry no product categories: one "(none)" bar says nothing.
            Missing(html, "Category performance", "the products of this source have no category");
        }
        else if (categories is { Count: > 0 })
        {
            var rows = Enumerable.Range(0, categories.Count).OrderByDescending(i => categories.Number(i, "revenue")).Take(15).ToList();
            charts.Add("chart-categories");
            html.Append("<figure><figcaption>Revenue by category</figcaption>")
                .Append(BarChart.Horizontal("chart-categories", "Revenue by category", rows.Select(i => categories.Text(i, "category")).ToList(),
                    rows.Select(i => categories.Number(i, "revenue")).ToList()))
                .Append("</figure>");
        }
        else
        {
            Missing(html, "Category performance", KpiWhy(run));
        }

        if (run.Kpi("weekday") is { Count: > 0 } weekday)
        {
            var labels = new List<string>();
            var values = new List<double>();
            for (var i = 0; i < weekday.Count; i++)
            {
                var day = (int)weekday.Number(i, "weekday");
                labels.Add(day is >= 1 and <= 7 ? WeekdayNames[day - 1] : weekday.Text(i, "weekday"));
                values.Add(weekday.Number(i, "revenue"));
            }

            charts.Add("chart-weekday");
            html.Append("<figure><figcaption>Revenue by weekday</figcaption>")
                .Append(BarChart.Vertical("chart-weekday", "Revenue by weekday", labels, [("revenue", values, Svg.Palette[0])], "revenue", width: 300))
                .Append("</figure>");
        }

        if (run.Kpi("month_of_year") is { Count: > 0 } monthOfYear)
        {
            var labels = new List<string>();
            var values = new List<double>();
            for (var i = 0; i < monthOfYear.Count; i++)
            {
                var month = (int)monthOfYear.Number(i, "month");
                labels.Add(month is >= 1 and <= 12 ? MonthNames[month - 1] : monthOfYear.Text(i, "month"));
                values.Add(monthOfYear.Number(i, "revenue"));
            }

            charts.Add("chart-seasonality");
            html.Append("<figure><figcaption>Seasonality: revenue by calendar month</figcaption>")
                .Append(BarChart.Vertical("chart-seasonality", "Revenue by calendar month", labels, [("revenue", values, Svg.Palette[1])], "revenue", width: 420))
                .Append("</figure>");
        }

        html.Append("</div>");
        AppendDailyRevenue(html, run, charts);
    }

    private static void AppendCohorts(StringBuilder html, RunFolder run, List<string> charts)
    {
        if (run.Kpi("cohort_retention") is not { Count: > 0 } cohorts)
        {
            Missing(html, "The cohort retention matrix", KpiWhy(run));
            return;
        }

        // A return or cancellation dated before the customer's first purchase (its purchase is outside the data, or
        // on an invoice without the customer) lands at a negative month: it says nothing about retention, so it is
        // left out rather than drawn.
        var rowNames = new List<string>();
        var rowIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var maxMonths = -1;
        for (var i = 0; i < cohorts.Count; i++)
        {
            var months = cohorts.Number(i, "months_since");
            var cohort = cohorts.Text(i, "cohort");
            if (!(months >= 0) || cohort.Length == 0)
            {
                continue;
            }

            if (!rowIndex.ContainsKey(cohort))
            {
                rowIndex[cohort] = rowNames.Count;
                rowNames.Add(cohort);
            }

            maxMonths = Math.Max(maxMonths, (int)months);
        }

        if (maxMonths < 0)
        {
            html.Append("<p class=\"muted\">The cohort retention matrix is empty: no customer has a purchase month to start a cohort from.</p>");
            return;
        }

        var cells = new double[rowNames.Count, maxMonths + 1];
        for (var r = 0; r < rowNames.Count; r++)
        {
            for (var c = 0; c <= maxMonths; c++)
            {
                cells[r, c] = double.NaN;
            }
        }

        for (var i = 0; i < cohorts.Count; i++)
        {
            var months = cohorts.Number(i, "months_since");
            if (months >= 0 && rowIndex.TryGetValue(cohorts.Text(i, "cohort"), out var row))
            {
                cells[row, (int)months] = cohorts.Number(i, "retention");
            }
        }

        var columns = Enumerable.Range(0, maxMonths + 1).Select(m => m.ToString(CultureInfo.InvariantCulture)).ToList();
        charts.Add("chart-cohorts");
        html.Append("<figure><figcaption>Cohort retention: share of each monthly acquisition cohort buying again n months later</figcaption>")
            .Append(Heatmap.Render("chart-cohorts", "Cohort retention heatmap", rowNames, columns, cells, "months since first purchase",
                cellWidth: maxMonths > 24 ? 20 : 30))
            .Append("</figure>");
    }
}
