using System.Text;
using Patron.Pipeline.Report.Charts;

namespace Patron.Pipeline.Report;

public static partial class ReportWriter
{
    private static void AppendQuality(StringBuilder html, RunFolder run, List<string> charts)
    {
        html.Append("<h2 id=\"quality\">Data quality</h2>");
        var findings = Json.Items(run.Quality, "findings").ToList();
        if (findings.Count == 0)
        {
            if (run.Quality is not null)
            {
                html.Append("<p>No quality check found anything to flag or fix.</p>");
                return;
            }

            Missing(html, "A data-quality report", StageWhy(run, "quality"));
            return;
        }

        // One bar per check, summed over entities and sources.
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var finding in findings)
        {
            var check = Json.Str(finding, "check");
            var rows = Json.Num(finding, "affected_rows");
            if (!(rows > 0))
            {
                continue;
            }

            if (!totals.ContainsKey(check))
            {
                order.Add(check);
                totals[check] = 0;
            }

            totals[check] += rows;
        }

        html.Append("<p>Every check Patron ran on the raw files, with what it found and what the cleaned (silver) tables do about it. ")
            .Append("Rows are never dropped silently: copies are dropped, bad rows quarantined with a reason, outliers flagged.</p>");
        var labels = order.Select(c => c.Replace('_', ' ')).ToList();
        var values = order.Select(c => totals[c]).ToList();
        charts.Add("chart-quality");
        html.Append("<figure><figcaption>Rows found per check</figcaption>")
            .Append(BarChart.Horizontal("chart-quality", "Rows found per quality check", labels, values, "#d9822b", width: 640)).Append("</figure>");

        html.Append("<table><tr><th>check</th><th>source</th><th>entity</th><th>rows</th><th>share</th><th>action</th><th>example</th></tr>");
        foreach (var finding in findings)
        {
            var rows = Json.Num(finding, "affected_rows");
            if (!(rows > 0))
            {
                continue;
            }

            var example = Json.Items(finding, "examples").Select(e => e.GetString() ?? "").FirstOrDefault() ?? "";
            html.Append("<tr><td>").Append(Esc(Json.Str(finding, "check"))).Append("</td><td>").Append(Esc(Json.Str(finding, "source")))
                .Append("</td><td>").Append(Esc(Json.Str(finding, "entity"))).Append("</td><td class=\"n\">").Append(Fmt(rows, "#,0"))
                .Append("</td><td class=\"n\">").Append(Fmt(Json.Num(finding, "share") * 100, "0.00")).Append("%</td><td>")
                .Append(Esc(Json.Str(finding, "action"))).Append("</td><td class=\"small\">").Append(Esc(example)).Append("</td></tr>");
        }

        html.Append("</table>");
    }
}
