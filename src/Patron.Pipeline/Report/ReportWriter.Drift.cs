using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Patron.Pipeline.Report;

public static partial class ReportWriter
{
    /// <summary>The drift section: drift between the training and scoring cutoffs, the models' out-of-time metric over
    /// successive scoring cutoffs, and whether to retrain (metrics.json <c>drift</c>, <c>metric_history</c>,
    /// <c>retrain</c>; absent in run folders written before them).</summary>
    private static void AppendDrift(StringBuilder html, RunFolder run)
    {
        if (Json.Obj(run.Metrics, "drift") is not { } drift)
        {
            return;
        }

        html.Append("<h2 id=\"drift\">Drift and retraining</h2>");
        html.Append("<p>Customers at the training cutoff (").Append(Esc(Json.Str(drift, "reference_cutoff"))).Append(") against those at the scoring cutoff (")
            .Append(Esc(Json.Str(drift, "cutoff"))).Append("): ").Append(Esc(Json.Str(drift, "drifted_columns"))).Append(" of ")
            .Append(Esc(Json.Str(drift, "judged_columns"))).Append(" features and scores drifted (")
            .Append(Json.Num(drift, "drifted_share").ToString("P0", CultureInfo.InvariantCulture)).Append("; the dataset counts as drifted from 50 %). Details in drift.json (docs/drift.md).</p>");
        var retrain = Json.Obj(run.Metrics, "retrain");
        if (Json.Str(retrain, "recommended") == "true")
        {
            html.Append("<p class=\"high\">Retrain recommended:</p><ul>");
            foreach (var reason in Json.Items(retrain, "reasons"))
            {
                html.Append("<li>").Append(Esc(reason.GetString() ?? "")).Append("</li>");
            }

            html.Append("</ul>");
        }
        else
        {
            html.Append("<p class=\"low\">No retraining needed: neither the population, the scores nor the out-of-time metrics moved past their thresholds.</p>");
        }

        var features = Json.Str(drift, "drifted_features");
        html.Append("<p class=\"small\">Drifted features: ").Append(features.Length == 0 ? "none" : Esc(features)).Append("</p>");
        html.Append("<table><tr><th>score</th><th>method</th><th>statistic</th><th>threshold</th><th>PSI</th><th>verdict</th></tr>");
        foreach (var score in Json.Items(drift, "scores"))
        {
            html.Append("<tr><td>").Append(Esc(Json.Str(score, "task"))).Append("</td><td>").Append(Esc(Json.Str(score, "method"))).Append("</td><td class=\"n\">")
                .Append(DriftNumber(Json.Num(score, "statistic"))).Append("</td><td class=\"n\">").Append(DriftNumber(Json.Num(score, "threshold"))).Append("</td><td class=\"n\">")
                .Append(DriftNumber(Json.Num(score, "psi"))).Append("</td><td>").Append(Json.Str(score, "drifted") == "true" ? "drifted" : "stable").Append("</td></tr>");
        }

        html.Append("</table>");
        if (Json.Obj(run.Metrics, "metric_history") is { ValueKind: JsonValueKind.Object } history)
        {
            html.Append("<h3>Out-of-time metric by scoring cutoff</h3><table><tr><th>task</th><th>metric</th><th>by scoring cutoff (runs store)</th></tr>");
            foreach (var task in history.EnumerateObject())
            {
                var points = new List<string>();
                var metric = "";
                foreach (var point in task.Value.EnumerateArray())
                {
                    metric = Json.Str(point, "metric");
                    points.Add(Json.Str(point, "scoring_cutoff") + ": " + Json.Num(point, "value").ToString("0.000", CultureInfo.InvariantCulture));
                }

                html.Append("<tr><td>").Append(Esc(task.Name)).Append("</td><td>").Append(Esc(metric)).Append("</td><td>").Append(Esc(string.Join(" · ", points))).Append("</td></tr>");
            }

            html.Append("</table>");
        }
    }

    private static string DriftNumber(double value) => double.IsNaN(value) ? "" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
