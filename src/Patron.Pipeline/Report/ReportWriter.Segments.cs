using System.Text;
using Patron.Pipeline.Report.Charts;

namespace Patron.Pipeline.Report;

public static partial class ReportWriter
{
    private static void AppendSegments(StringBuilder html, RunFolder run, List<string> charts)
    {
        html.Append("<h2 id=\"segments\">Segments</h2>");
        if (run.Kpi("segments") is not { Count: > 0 } segments)
        {
            Missing(html, "The segment table", KpiWhy(run));
            return;
        }

        var rows = Enumerable.Range(0, segments.Count).OrderByDescending(i => segments.Number(i, "revenue")).ToList();
        var labels = rows.Select(i => segments.Text(i, "segment")).ToList();
        html.Append("<p>Customers grouped by recency, frequency and monetary value (RFM) at the scoring cutoff, with the action each group calls for.</p><div class=\"grid\">");
        charts.Add("chart-segments-size");
        html.Append("<figure><figcaption>Customers per segment</figcaption>")
            .Append(BarChart.Horizontal("chart-segments-size", "Customers per segment", labels, rows.Select(i => segments.Number(i, "customers")).ToList(), Svg.Palette[2], width: 460))
            .Append("</figure>");
        charts.Add("chart-segments-value");
        html.Append("<figure><figcaption>Revenue per segment</figcaption>")
            .Append(BarChart.Horizontal("chart-segments-value", "Revenue per segment", labels, rows.Select(i => segments.Number(i, "revenue")).ToList(), Svg.Palette[0], width: 460))
            .Append("</figure></div>");
        html.Append("<table><tr><th>segment</th><th>customers</th><th>revenue</th><th>mean monetary</th><th>recommended action</th></tr>");
        foreach (var i in rows)
        {
            html.Append("<tr><td>").Append(Esc(segments.Text(i, "segment"))).Append("</td><td class=\"n\">").Append(Fmt(segments.Number(i, "customers"), "#,0"))
                .Append("</td><td class=\"n\">").Append(Fmt(segments.Number(i, "revenue"), "#,0")).Append("</td><td class=\"n\">")
                .Append(Fmt(segments.Number(i, "mean_monetary"), "#,0.00")).Append("</td><td>").Append(Esc(segments.Text(i, "recommended_action"))).Append("</td></tr>");
        }

        html.Append("</table>");
    }
}
