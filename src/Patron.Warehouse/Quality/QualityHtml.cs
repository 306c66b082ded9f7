using System.Globalization;
using System.Net;
using System.Text;

namespace Patron.Warehouse.Quality;

/// <summary>Renders a <see cref="QualityReport"/> as one self-contained HTML page with an SVG chart of the findings.</summary>
public static class QualityHtml
{
    public static string Render(QualityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Patron data quality</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2933;max-width:1100px}")
            .Append("table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border-bottom:1px solid #e4e7eb;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}")
            .Append("td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.muted{color:#7b8794}.zero{color:#9aa5b1}ul{margin:.2rem 0;padding-left:1.1rem}")
            .Append("</style></head><body>");
        html.Append("<h1>Data quality</h1><p class=\"muted\">Sources: ").Append(Encode(string.Join(", ", report.Sources)))
            .Append(". Checked at ").Append(report.CheckedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC.</p>");

        AppendChart(html, report);

        html.Append("<h2>Findings</h2><table><thead><tr><th>Check</th><th>Source</th><th>Entity</th><th>Rows</th><th>Share</th><th>Action</th><th>Examples</th></tr></thead><tbody>");
        foreach (var finding in report.Findings)
        {
            if (finding.AffectedRows == 0)
            {
                continue;
            }

            html.Append("<tr><td>").Append(Encode(QualityCatalog.Find(finding.Check).Title)).Append("</td><td>").Append(Encode(finding.Source))
                .Append("</td><td>").Append(Encode(finding.Entity)).Append("</td><td class=\"n\">").Append(finding.AffectedRows.ToString("N0", CultureInfo.InvariantCulture))
                .Append("</td><td class=\"n\">").Append(finding.Share.ToString("P2", CultureInfo.InvariantCulture)).Append("</td><td>").Append(Encode(finding.Action)).Append("</td><td><ul>");
            foreach (var example in finding.Examples)
            {
                html.Append("<li>").Append(Encode(example)).Append("</li>");
            }

            html.Append("</ul></td></tr>");
        }

        html.Append("</tbody></table><h2>Rules</h2><table><thead><tr><th>Check</th><th>Rule</th><th>Resolution</th></tr></thead><tbody>");
        foreach (var check in report.Checks)
        {
            html.Append("<tr><td>").Append(Encode(check.Title)).Append("</td><td>").Append(Encode(check.Rule)).Append("</td><td>").Append(Encode(check.Resolution)).Append("</td></tr>");
        }

        html.Append("</tbody></table></body></html>");
        return html.ToString();
    }

    /// <summary>Horizontal bars, one per check, length on a log scale so one large count does not hide the small ones.</summary>
    private static void AppendChart(StringBuilder html, QualityReport report)
    {
        var totals = new List<(string Title, long Rows)>();
        foreach (var check in report.Checks)
        {
            totals.Add((check.Title, report.Count(check.Name)));
        }

        const int rowHeight = 22, labelWidth = 280, barWidth = 560;
        var max = 1L;
        foreach (var (_, rows) in totals)
        {
            max = Math.Max(max, rows);
        }

        var height = (totals.Count * rowHeight) + 30;
        html.Append("<h2>Rows found per check</h2><svg id=\"quality-chart\" role=\"img\" aria-label=\"Rows found per check\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
            .Append(labelWidth + barWidth + 110).Append("\" height=\"").Append(height).Append("\" font-size=\"12\">");
        var logMax = Math.Log10(max + 1);
        for (var i = 0; i < totals.Count; i++)
        {
            var (title, rows) = totals[i];
            var y = 10 + (i * rowHeight);
            var width = rows == 0 ? 0 : Math.Max(2, barWidth * Math.Log10(rows + 1) / logMax);
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 8}\" y=\"{y + 14}\" text-anchor=\"end\">{Encode(title)}</text>");
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{width:0.#}\" height=\"{rowHeight - 7}\" fill=\"{(rows == 0 ? "#cbd2d9" : "#d9822b")}\"><title>{Encode(title)}: {rows:N0}</title></rect>");
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + width + 6:0.#}\" y=\"{y + 14}\" class=\"{(rows == 0 ? "zero" : "")}\">{rows:N0}</text>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth}\" y=\"{height - 4}\" class=\"muted\" fill=\"#7b8794\">bar length: log10(rows + 1)</text></svg>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
