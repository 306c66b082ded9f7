using System.Globalization;
using System.Net;
using System.Text;

namespace Patron.Pipeline.Experiments;

/// <summary>A one-page HTML reading of an analysis: the verdict, the sample-ratio check, and per metric a table and an
/// interval chart of the lift against zero.</summary>
public static class ExperimentHtml
{
    /// <summary>Writes the page.</summary>
    public static void Write(ExperimentAnalysis analysis, string path)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var html = new StringBuilder(8192);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Experiment analysis</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".flag{color:#c23b3b;font-weight:bold}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Experiment analysis</h1><p>Window {analysis.Start:yyyy-MM-dd} + {analysis.WindowDays} days; control: {E(analysis.Control)}.</p>");
        html.Append("<h2>Verdict</h2><p>").Append(E(analysis.Verdict)).Append("</p>");
        var srm = analysis.SampleRatio;
        html.Append("<h2>Sample ratio</h2><table><tr><th>variant</th><th>expected</th><th>observed</th></tr>");
        for (var i = 0; i < analysis.Arms.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(analysis.Arms[i].Arm)}</td><td>{srm.Expected[i]:N1}</td><td>{srm.Observed[i]:N0}</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</table><p class=\"{(srm.Flag ? "flag" : "")}\">χ² = {srm.Statistic:G4}, p = {srm.PValue:G3}{(srm.Flag ? ": mismatch" : "")}</p>");
        html.Append("<h2>Metrics</h2><table><tr><th>metric</th><th>variant</th><th>control mean</th><th>treatment mean</th><th>lift</th><th>relative</th><th>interval</th><th>p</th><th>p (Holm)</th><th>p (always valid)</th></tr>");
        foreach (var m in analysis.Metrics)
        {
            var e = m.Headline;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(m.Metric)}{(m.Cuped is null ? "" : " (CUPED)")}</td><td>{E(m.Treatment)}</td><td>{e.Control.Mean:G5}</td><td>{e.Treatment.Mean:G5}</td><td>{e.AbsoluteLift:G4}</td>" +
                $"<td>{(double.IsFinite(e.RelativeLift) ? e.RelativeLift.ToString("P1", CultureInfo.InvariantCulture) : "–")}</td><td>{e.CiLow:G4} to {e.CiHigh:G4}</td>" +
                $"<td>{e.PValue:G3}</td><td>{m.HolmPValue:G3}</td><td>{m.AlwaysValidPValue:G3}</td></tr>");
        }

        html.Append("</table>").Append(IntervalChart(analysis)).Append("</body></html>");
        File.WriteAllText(path, html.ToString(), new UTF8Encoding(false));
    }

    // One row per metric and variant: the relative lift's interval as a bar around its estimate, zero marked.
    private static string IntervalChart(ExperimentAnalysis analysis)
    {
        var rows = analysis.Metrics.Where(m => double.IsFinite(m.Headline.RelativeCiLow)).ToList();
        if (rows.Count == 0)
        {
            return "<p>No relative interval to draw (a control mean of zero).</p>";
        }

        double lo = 0, hi = 0;
        foreach (var m in rows)
        {
            lo = Math.Min(lo, m.Headline.RelativeCiLow);
            hi = Math.Max(hi, m.Headline.RelativeCiHigh);
        }

        var pad = (hi - lo) * 0.1 + 1e-9;
        lo -= pad;
        hi += pad;
        const int Left = 170, Width = 600, RowHeight = 28;
        var height = rows.Count * RowHeight + 30;
        double X(double v) => Left + (v - lo) / (hi - lo) * (Width - Left - 20);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<h2>Relative lift with its interval</h2><svg class=\"chart\" role=\"img\" aria-label=\"Relative lift of each metric with its confidence interval\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0):0.#}\" x2=\"{X(0):0.#}\" y1=\"0\" y2=\"{height - 20}\" stroke=\"#888\" stroke-dasharray=\"3 3\"/>");
        for (var i = 0; i < rows.Count; i++)
        {
            var e = rows[i].Headline;
            var y = i * RowHeight + 15;
            var color = rows[i].HolmPValue < analysis.Alpha ? (e.RelativeLift > 0 ? "#3d9970" : "#c23b3b") : "#7f8c8d";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{y + 4}\">{E(rows[i].Metric)} · {E(rows[i].Treatment)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(e.RelativeCiLow):0.#}\" x2=\"{X(e.RelativeCiHigh):0.#}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"4\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(e.RelativeLift):0.#}\" cy=\"{y}\" r=\"5\" fill=\"{color}\"/>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(lo):0.#}\" y=\"{height - 4}\">{lo:P0}</text><text x=\"{X(0) - 4:0.#}\" y=\"{height - 4}\">0</text><text x=\"{X(hi) - 30:0.#}\" y=\"{height - 4}\">{hi:P0}</text></svg>");
        return svg.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
