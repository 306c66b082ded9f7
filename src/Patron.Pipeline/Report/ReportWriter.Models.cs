using System.Text;
using System.Text.Json;
using Patron.Pipeline.Report.Charts;

namespace Patron.Pipeline.Report;

public static partial class ReportWriter
{
    private static readonly string[] BinaryMetrics = ["pr_auc", "roc_auc", "top_decile_lift", "log_loss", "brier", "f1"];
    private static readonly string[] RegressionMetrics = ["normalized_gini", "decile_mape", "spearman", "rmse", "mae", "r2"];

    private static void AppendModels(StringBuilder html, RunFolder run, List<string> charts)
    {
        html.Append("<h2 id=\"models\">Models</h2>");
        var tasks = run.Tasks();
        var skipped = run.SkippedTasks();
        if (tasks.Count == 0 && skipped.Count == 0)
        {
            Missing(html, "Model evaluation", StageWhy(run, "models"));
            return;
        }

        if (skipped.Count > 0)
        {
            html.Append("<p>").Append(tasks.Count == 0 ? "No task could be trained on this data:" : "Some tasks could not be trained on this data:")
                .Append("</p><table class=\"skipped\"><tr><th>task</th><th>why it was skipped</th></tr>");
            foreach (var (name, reason) in skipped)
            {
                html.Append("<tr><td>").Append(Esc(name)).Append("</td><td>").Append(Esc(reason)).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        if (tasks.Count == 0)
        {
            return;
        }

        html.Append("<p>Each task's candidates were trained at the training cutoff and judged <b>out of time</b> (trained on an earlier cutoff, ")
            .Append("tested on the next window, as they will be used); the cross-validation column is filled for the learners only when the run asked for it (--cv). The chosen model is highlighted; the baseline is the rule a marketer would use.</p>");
        foreach (var (name, task) in tasks)
        {
            AppendTask(html, name, task, charts);
        }
    }

    private static void AppendTask(StringBuilder html, string name, JsonElement task, List<string> charts)
    {
        var regression = Json.Str(task, "kind") == "regression";
        var metrics = regression ? RegressionMetrics : BinaryMetrics;
        var primary = Json.Str(task, "primary_metric");
        var chosen = Json.Str(task, "chosen");
        html.Append("<h3>").Append(Esc(name.Replace('_', ' '))).Append(" <span class=\"tag\">").Append(regression ? "regression" : "binary")
            .Append("</span> <span class=\"tag\">primary: ").Append(Esc(primary)).Append("</span></h3>");
        var positive = Json.Num(task, "positive_rate");
        if (double.IsFinite(positive))
        {
            html.Append("<p class=\"small muted\">Positive rate ").Append(Fmt(positive * 100, "0.0")).Append("% · training rows ")
                .Append(Fmt(Json.Num(task, "train_rows"), "#,0")).Append(" · out-of-time test rows ").Append(Fmt(Json.Num(task, "test_rows"), "#,0")).Append("</p>");
        }

        var split = Json.Str(task, "split");
        if (split.Length > 0)
        {
            html.Append("<p class=\"small muted\">Rows are sessions; ").Append(Esc(split)).Append(".</p>");
        }

        double baselinePrimary = double.NaN;
        foreach (var candidate in Json.Items(task, "candidates"))
        {
            if (Json.Str(candidate, "kind") == "baseline")
            {
                baselinePrimary = Json.Num(Json.Obj(candidate, "out_of_time"), primary);
                break;
            }
        }

        html.Append("<table><tr><th>candidate</th><th>kind</th>");
        foreach (var metric in metrics)
        {
            html.Append("<th>").Append(Esc(metric)).Append(" (OOT)</th>");
        }

        html.Append("<th>").Append(Esc(primary)).Append(" (CV)</th><th>vs baseline</th></tr>");
        foreach (var candidate in Json.Items(task, "candidates"))
        {
            var candidateName = Json.Str(candidate, "name");
            var oot = Json.Obj(candidate, "out_of_time");
            html.Append(candidateName == chosen ? "<tr class=\"chosen\">" : "<tr>").Append("<td>").Append(Esc(candidateName))
                .Append(candidateName == chosen ? " ✓" : "").Append("</td><td>").Append(Esc(Json.Str(candidate, "kind"))).Append("</td>");
            foreach (var metric in metrics)
            {
                html.Append("<td class=\"n\">").Append(Fmt(Json.Num(oot, metric), "0.000")).Append("</td>");
            }

            var value = Json.Num(oot, primary);
            var lift = double.IsFinite(value) && double.IsFinite(baselinePrimary) && baselinePrimary != 0 ? value / baselinePrimary : double.NaN;
            html.Append("<td class=\"n\">").Append(Fmt(Json.Num(Json.Obj(candidate, "cross_validation"), primary), "0.000")).Append("</td><td class=\"n\">")
                .Append(Json.Str(candidate, "kind") == "baseline" ? "—" : Fmt(lift, "0.00") + "×").Append("</td></tr>");
        }

        html.Append("</table><div class=\"grid\">");
        var curves = Json.Obj(task, "curves");
        var id = "chart-" + name.Replace('_', '-');
        if (!regression)
        {
            Curve(html, charts, id + "-roc", $"{name}: ROC curve", curves, "roc", "baseline_roc", "false positive rate", "true positive rate", diagonal: true);
            Curve(html, charts, id + "-pr", $"{name}: precision-recall curve", curves, "pr", "baseline_pr", "recall", "precision", diagonal: false);
            Curve(html, charts, id + "-gains", $"{name}: cumulative gains", curves, "gains", "baseline_gains", "share of customers contacted", "share of positives reached", diagonal: true);
            var calibration = Json.Curve(curves, "calibration");
            if (calibration.Count > 0)
            {
                charts.Add(id + "-calibration");
                html.Append("<figure><figcaption>").Append(Esc(name)).Append(": calibration (predicted vs observed)</figcaption>")
                    .Append(LineChart.Render(id + "-calibration", $"{name}: calibration", [new ChartSeries("chosen model", calibration, Svg.Palette[0])],
                        new LineChartOptions { XRange = (0, 1), YRange = (0, 1), Diagonal = true, Markers = true, XLabel = "mean predicted probability", YLabel = "observed rate", Width = 360 }))
                    .Append("</figure>");
            }
        }
        else
        {
            Curve(html, charts, id + "-gains", $"{name}: gain curve", curves, "gains", "baseline_gains", "share of customers (by prediction)", "share of true value", diagonal: true);
            var deciles = Json.Items(task, "deciles").ToList();
            if (deciles.Count > 0)
            {
                charts.Add(id + "-deciles");
                var labels = deciles.Select(d => Json.Str(d, "decile")).ToList();
                html.Append("<figure><figcaption>").Append(Esc(name)).Append(": mean predicted vs actual by decile of prediction</figcaption>")
                    .Append(BarChart.Vertical(id + "-deciles", $"{name}: decile chart", labels,
                    [
                        ("predicted", deciles.Select(d => Json.Num(d, "mean_prediction")).ToList(), Svg.Palette[0]),
                        ("actual", deciles.Select(d => Json.Num(d, "mean_label")).ToList(), Svg.Palette[1]),
                    ], "mean value", width: 420))
                    .Append("</figure>");
            }
        }

        var drivers = Json.Items(task, "global_drivers").Take(12).ToList();
        if (drivers.Count > 0)
        {
            charts.Add(id + "-drivers");
            html.Append("<figure><figcaption>").Append(Esc(name)).Append(": global drivers (mean |SHAP|)</figcaption>")
                .Append(BarChart.Horizontal(id + "-drivers", $"{name}: global drivers", drivers.Select(d => Json.Str(d, "feature")).ToList(),
                    drivers.Select(d => Json.Num(d, "importance")).ToList(), Svg.Palette[3], width: 460))
                .Append("</figure>");
        }

        html.Append("</div>");
    }

    private static void Curve(StringBuilder html, List<string> charts, string id, string title, JsonElement? curves, string model, string baseline,
        string xLabel, string yLabel, bool diagonal)
    {
        var points = Json.Curve(curves, model);
        if (points.Count == 0)
        {
            return;
        }

        var series = new List<ChartSeries> { new("chosen model", points, Svg.Palette[0]) };
        var basePoints = Json.Curve(curves, baseline);
        if (basePoints.Count > 0)
        {
            series.Add(new ChartSeries("baseline", basePoints, Svg.Palette[1], Dashed: true));
        }

        charts.Add(id);
        html.Append("<figure><figcaption>").Append(Esc(title)).Append("</figcaption>")
            .Append(LineChart.Render(id, title, series, new LineChartOptions { XRange = (0, 1), YRange = (0, 1), Diagonal = diagonal, XLabel = xLabel, YLabel = yLabel, Width = 360 }))
            .Append("</figure>");
    }
}
