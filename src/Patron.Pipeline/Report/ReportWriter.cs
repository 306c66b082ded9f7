using System.Globalization;
using System.Text;

namespace Patron.Pipeline.Report;

/// <summary>
/// Renders <c>report.html</c> from a run folder: one self-contained page (inline CSS and SVG, no script, nothing fetched)
/// that a marketer and a data scientist both read. Every chart is an SVG element with class <c>chart</c>; the page lists
/// the charts it drew in <c>&lt;meta name="patron-charts"&gt;</c> so tests can check each is there.
/// </summary>
public static partial class ReportWriter
{
    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2933;background:#f5f7fa}
        main{max-width:1180px;margin:0 auto;padding:1.5rem 2rem 4rem;background:#fff}
        h1{margin:.2rem 0 .3rem;font-size:1.8rem}h2{margin-top:2.4rem;border-bottom:2px solid #e4e7eb;padding-bottom:.3rem}
        h3{margin:1.4rem 0 .4rem}.muted{color:#7b8794}.small{font-size:.85rem}
        nav a{margin-right:1rem;color:#2f6fbf;text-decoration:none;font-size:.9rem}
        .cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}.card{background:#f0f4f8;border-radius:6px;padding:.6rem .9rem;min-width:130px}
        .card b{display:block;font-size:1.3rem}.grid{display:flex;flex-wrap:wrap;gap:1.2rem;align-items:flex-start}
        figure{margin:0}figcaption{font-size:.85rem;color:#52606d;margin:.2rem 0 .4rem;font-weight:600}
        table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;font-size:.86rem}
        th,td{border-bottom:1px solid #e4e7eb;padding:.3rem .45rem;text-align:left;vertical-align:top}
        th{background:#f5f7fa}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.chosen td{background:#eaf6ee;font-weight:600}.tag{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.75rem;background:#e4e7eb}
        .high{color:#c23b3b;font-weight:600}.medium{color:#d9822b}.low{color:#3d9970}
        """;

    /// <summary>Writes <c>report.html</c> into the run folder and returns its path.</summary>
    public static string Write(string runFolder)
    {
        var html = Render(RunFolder.Open(runFolder));
        var path = Path.Combine(runFolder, "report.html");
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, html, new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    public static string Render(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var charts = new List<string>();
        var body = new StringBuilder(256 * 1024);
        AppendHeader(body, run);
        AppendQuality(body, run, charts);
        AppendKpis(body, run, charts);
        AppendSegments(body, run, charts);
        AppendModels(body, run, charts);
        AppendDrift(body, run);
        AppendCustomers(body, run, charts);
        AppendEarlyHighValue(body, run);
        AppendCrossSell(body, run);

        var page = new StringBuilder(body.Length + 4096);
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"patron-charts\" content=\"").Append(Esc(string.Join(' ', charts))).Append("\">")
            .Append("<title>Patron report</title><style>").Append(Css).Append("</style></head><body><main>")
            .Append(body)
            .Append("<p class=\"muted small\">Made by Patron from the files in this run folder (docs/run-folder.md).</p></main></body></html>");
        return page.ToString();
    }

    private static void AppendHeader(StringBuilder html, RunFolder run)
    {
        var r = run.Run;
        html.Append("<h1>Customer intelligence report</h1>");
        html.Append("<p class=\"muted\">Source <b>").Append(Esc(Json.Str(r, "source"))).Append("</b> · scored as of ")
            .Append(Esc(Json.Str(r, "scoring_cutoff"))).Append(" · trained as of ").Append(Esc(Json.Str(r, "training_cutoff")))
            .Append(" · horizon ").Append(Esc(Json.Str(r, "horizon_days"))).Append(" days · run ").Append(Esc(Json.Str(r, "run_id"))).Append("</p>");
        html.Append("<nav><a href=\"#quality\">Data quality</a><a href=\"#kpis\">KPIs</a><a href=\"#segments\">Segments</a><a href=\"#models\">Models</a>")
            .Append("<a href=\"#customers\">Customers at risk</a><a href=\"#clv\">Lifetime value</a><a href=\"#cross\">Cross-category</a><a href=\"#cross-sell\">Cross-sell</a></nav>");
        html.Append("<div class=\"cards\">");
        Card(html, "customers scored", Json.Num(r, "customers_scored"));
        if (run.Kpi("monthly") is { } monthly && monthly.Count > 0)
        {
            var revenue = 0.0;
            var orders = 0.0;
            for (var i = 0; i < monthly.Count; i++)
            {
                revenue += Zero(monthly.Number(i, "revenue"));
                orders += Zero(monthly.Number(i, "orders"));
            }

            Card(html, "revenue in history", revenue);
            Card(html, "orders in history", orders);
            Card(html, "average order value", orders > 0 ? revenue / orders : double.NaN);
        }

        foreach (var (name, task) in run.Tasks())
        {
            var chosen = Json.Str(task, "chosen");
            var primary = Json.Str(task, "primary_metric");
            foreach (var candidate in Json.Items(task, "candidates"))
            {
                if (Json.Str(candidate, "name") == chosen)
                {
                    Card(html, $"{name}: {primary} (out of time)", Json.Num(Json.Obj(candidate, "out_of_time"), primary));
                }
            }
        }

        html.Append("</div>");
        var stages = Json.Items(r, "stages").ToList();
        if (stages.Count > 0)
        {
            html.Append("<details><summary class=\"small\">Stages of this run</summary><table><tr><th>stage</th><th>status</th><th>seconds</th><th>detail</th></tr>");
            foreach (var stage in stages)
            {
                html.Append("<tr><td>").Append(Esc(Json.Str(stage, "name"))).Append("</td><td>").Append(Esc(Json.Str(stage, "status")))
                    .Append("</td><td class=\"n\">").Append(Fmt(Json.Num(stage, "seconds"), "0.0")).Append("</td><td>").Append(Esc(Json.Str(stage, "detail"))).Append("</td></tr>");
            }

            html.Append("</table></details>");
        }
    }

    private static void Card(StringBuilder html, string label, double value)
    {
        html.Append("<div class=\"card\"><b>").Append(Esc(Big(value))).Append("</b><span class=\"small muted\">").Append(Esc(label)).Append("</span></div>");
    }

    internal static string Esc(string text) => System.Net.WebUtility.HtmlEncode(text);

    internal static string Fmt(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Big(double value) => !double.IsFinite(value) ? "–"
        : Math.Abs(value) >= 1e6 ? (value / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M"
        : Math.Abs(value) >= 1e4 ? (value / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + "k"
        : Math.Abs(value) >= 100 ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static double Zero(double value) => double.IsFinite(value) ? value : 0;

    private static void Missing(StringBuilder html, string what) =>
        html.Append("<p class=\"muted\">").Append(Esc(what)).Append(" was not produced by this run.</p>");

    /// <summary>A section with nothing to show, and why (from run.json and metrics.json); the plain note when no reason is known.</summary>
    private static void Missing(StringBuilder html, string what, string? why)
    {
        if (string.IsNullOrEmpty(why))
        {
            Missing(html, what);
            return;
        }

        html.Append("<p class=\"muted why\">").Append(Esc(what)).Append(" is not in this run: ").Append(Esc(why)).Append(".</p>");
    }

    /// <summary>Why a stage left nothing: it failed, it never ran, or its own words when it ran but found nothing to do.</summary>
    private static string? StageWhy(RunFolder run, string stage, bool ranIsReason = false) => run.Stage(stage) switch
    {
        null when run.Run is null => null,
        null => $"the {stage} stage did not run, because an earlier stage failed (see the stages above)",
        { Status: StageRecord.Failed } s => $"the {stage} stage failed: {s.Detail}",
        { } s when ranIsReason => s.Detail,
        _ => null,
    };

    /// <summary>Why a customer task has no output: skipped (with the reason), not asked for, or its stage's failure.</summary>
    private static string? TaskWhy(RunFolder run, string task)
    {
        foreach (var (name, reason) in run.SkippedTasks())
        {
            if (name == task)
            {
                return $"the {task.Replace('_', ' ')} task was skipped: {reason}";
            }
        }

        if (run.Run is not null && !Json.Str(run.Run, "tasks").Split(", ").Contains(task, StringComparer.Ordinal))
        {
            return $"the {task.Replace('_', ' ')} task was not among the run's tasks";
        }

        return StageWhy(run, "models");
    }

    /// <summary>Why the KPI tables are absent: the kpi stage's own words (no purchases, say) or its failure.</summary>
    private static string? KpiWhy(RunFolder run) => StageWhy(run, "kpi", ranIsReason: run.Stage("kpi") is { Detail: var d } && d.StartsWith("no ", StringComparison.Ordinal));
}
