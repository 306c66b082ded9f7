using System.Globalization;
using System.Net;
using System.Text;
using Patron.Learning.Drift;
using Patron.Pipeline.Report.Charts;

namespace Patron.Pipeline.Drift;

/// <summary>Renders a <see cref="DriftResult"/> as one self-contained HTML page: the verdict, a table of every
/// column, and for each drifted column its reference and current histograms as SVG.</summary>
public static class DriftPage
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2933;background:#f5f7fa}
        main{max-width:1100px;margin:0 auto;padding:1.5rem 2rem;background:#fff}
        h1{margin:.2rem 0 .3rem;font-size:1.8rem}h2{margin-top:2rem;border-bottom:2px solid #e4e7eb;padding-bottom:.3rem}
        .muted{color:#7b8794}.grid{display:flex;flex-wrap:wrap;gap:1.2rem;align-items:flex-start}
        figure{margin:0}figcaption{font-size:.85rem;color:#52606d;margin:.2rem 0 .4rem;font-weight:600}
        table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;font-size:.86rem}
        th,td{border-bottom:1px solid #e4e7eb;padding:.3rem .5rem;text-align:left}th{background:#f5f7fa}
        td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .drifted{color:#c23b3b;font-weight:600}.stable{color:#3d9970}
        """;

    /// <summary>Writes the page to <paramref name="path"/>.</summary>
    public static void WriteFile(DriftResult result, string path) => File.WriteAllText(path, Render(result), new UTF8Encoding(false));

    /// <summary>The page as a string.</summary>
    public static string Render(DriftResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var d = result.Dataset;
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Patron drift</title><style>")
            .Append(Style).Append("</style></head><body><main>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Drift: {result.ReferenceCutoff:yyyy-MM-dd} → {result.CurrentCutoff:yyyy-MM-dd}</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{result.ReferenceCustomers:N0} customers at the reference cutoff against {result.CurrentCustomers:N0} at the current one.</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"{(d.Drifted ? "drifted" : "stable")}\">{(d.Drifted ? "The dataset drifted" : "No dataset drift")}: {d.DriftedColumns} of {d.JudgedColumns} columns drifted ({d.DriftedShare:P1}; the threshold is {d.ShareThreshold:P0}).</p>");
        Section(html, "Scores", d.Scores);
        foreach (var (task, reason) in result.SkippedScores)
        {
            html.Append("<p class=\"muted\">").Append(WebUtility.HtmlEncode(task)).Append(" not compared: ").Append(WebUtility.HtmlEncode(reason)).Append("</p>");
        }

        Section(html, "Features", d.Features);
        html.Append("<p class=\"muted\">Method: ks and chi_squared are p-values (drifted below the threshold), wasserstein_normalized and jensen_shannon distances (drifted at or above it); see docs/drift.md.</p>");
        html.Append("</main></body></html>\n");
        return html.ToString();
    }

    private static void Section(StringBuilder html, string title, IReadOnlyList<ColumnDrift> columns)
    {
        if (columns.Count == 0)
        {
            return;
        }

        html.Append("<h2>").Append(title).Append("</h2><table><tr><th>column</th><th>kind</th><th>method</th><th>statistic</th><th>threshold</th>")
            .Append("<th>PSI</th><th>KS</th><th>Wasserstein / σ</th><th>Jensen-Shannon</th><th>verdict</th></tr>");
        var charts = new StringBuilder();
        var index = 0;
        foreach (var c in columns)
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(c.Name)).Append("</td><td>").Append(c.Kind).Append("</td><td>").Append(c.Method).Append("</td>")
                .Append(Cell(c.Statistic)).Append(Cell(c.Threshold)).Append(Cell(c.Psi)).Append(Cell(c.Ks)).Append(Cell(c.WassersteinNormalized)).Append(Cell(c.JensenShannon))
                .Append(c.Drifted ? "<td class=\"drifted\">drifted</td>" : c.Method == DriftMethod.None ? "<td class=\"muted\">not judged</td>" : "<td class=\"stable\">stable</td>")
                .Append("</tr>");
            if (c.Drifted && c.Histogram is { } h)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"{title.ToLowerInvariant()}-{index++}");
                charts.Append("<figure><figcaption>").Append(WebUtility.HtmlEncode(c.Name)).Append(": share of customers per bin</figcaption>")
                    .Append(BarChart.Vertical(id, c.Name + ": reference against current", h.Labels,
                        [("reference", h.Reference, Svg.Palette[0]), ("current", h.Current, Svg.Palette[1])], percent: true, width: 520))
                    .Append("</figure>");
            }
        }

        html.Append("</table>");
        if (charts.Length > 0)
        {
            html.Append("<div class=\"grid\">").Append(charts).Append("</div>");
        }
    }

    private static string Cell(double? value) => value is { } v
        ? "<td class=\"n\">" + (Math.Abs(v) < 1e-3 && v != 0 ? v.ToString("0.##e+0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture)) + "</td>"
        : "<td class=\"n\"></td>";
}
