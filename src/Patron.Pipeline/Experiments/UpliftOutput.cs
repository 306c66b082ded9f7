using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Patron.Learning.Uplift;
using Patron.Pipeline.Report.Charts;

namespace Patron.Pipeline.Experiments;

/// <summary>Writes an uplift analysis: the targeting list (CSV), the measures (JSON) and a page with the Qini chart
/// (HTML). Numbers that are not finite are written as null in JSON and left empty in the CSV.</summary>
public static class UpliftOutput
{
    /// <summary>Columns of the targeting list.</summary>
    public static IReadOnlyList<string> TargetColumns { get; } =
        ["rank", "customer_id", "variant", "uplift_revenue", "uplift_conversion", "cumulative_incremental_revenue", "reason_1", "reason_2", "reason_3"];

    /// <summary>The customers by the chosen learner's revenue uplift, highest first (ties in file order), with the
    /// running sum of expected incremental revenue: treating the first k is expected to add the k-th cumulative value.</summary>
    public static int[] TargetOrder(UpliftAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return UpliftCurves.Rank(analysis.Result(analysis.Chosen, "revenue").Uplift);
    }

    /// <summary>Writes the targeting list.</summary>
    public static void WriteTargets(UpliftAnalysis analysis, string path)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var revenue = analysis.Result(analysis.Chosen, "revenue").Uplift;
        var conversion = analysis.Result(analysis.Chosen, "conversion").Uplift;
        var text = new StringBuilder(64 * analysis.Ids.Length);
        text.AppendJoin(',', TargetColumns).Append('\n');
        var cumulative = 0.0;
        var order = TargetOrder(analysis);
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            cumulative += revenue[i];
            text.Append(CultureInfo.InvariantCulture, $"{k + 1},{Quote(analysis.Ids[i])},{(analysis.Treated[i] ? Quote(analysis.Treatment) : Quote(analysis.Control))},{Round(revenue[i])},{Round(conversion[i])},{Round(cumulative)}");
            foreach (var reason in analysis.Reasons[i])
            {
                text.Append(',').Append(Quote(reason));
            }

            text.Append('\n');
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    /// <summary>Writes the measures: per metric the average effect, each learner's Qini, AUUC and uplift@k with its
    /// Qini curve (101 points), and the random baseline; then the targeting summary.</summary>
    public static void WriteJson(UpliftAnalysis analysis, string path)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("start", analysis.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteNumber("window_days", analysis.WindowDays);
        writer.WriteString("feature_cutoff", analysis.FeatureCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("control", analysis.Control);
        writer.WriteString("treatment", analysis.Treatment);
        writer.WriteNumber("customers", analysis.Ids.Length);
        writer.WriteNumber("treated", analysis.Treated.Count(t => t));
        writer.WriteNumber("without_features", analysis.WithoutFeatures);
        writer.WriteNumber("folds", analysis.Folds);
        writer.WriteNumber("seed", analysis.Seed);
        writer.WriteStartArray("metrics");
        foreach (var metric in UpliftAnalysis.Metrics)
        {
            writer.WriteStartObject();
            writer.WriteString("metric", metric);
            Number(writer, "average_effect", analysis.AverageEffect(metric));
            writer.WriteStartArray("learners");
            UpliftMetrics? any = null;
            foreach (var result in analysis.Results.Where(r => r.Metric == metric))
            {
                var m = result.Metrics;
                any = m;
                writer.WriteStartObject();
                writer.WriteString("learner", result.Name);
                Number(writer, "qini", m.Qini);
                Number(writer, "qini_gain", m.QiniGain);
                Number(writer, "auuc", m.Auuc);
                AtK(writer, m.UpliftAtK);
                writer.WriteStartArray("qini_curve");
                foreach (var (share, value) in Percentiles(m.QiniCurve))
                {
                    writer.WriteStartArray();
                    writer.WriteNumberValue(share);
                    writer.WriteNumberValue(Math.Round(value, 6));
                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("random");
            Number(writer, "qini", any!.QiniRandom);
            Number(writer, "qini_gain", 0);
            Number(writer, "auuc", any.AuucRandom);
            var average = analysis.AverageEffect(metric);
            AtK(writer, UpliftMetrics.Shares.Select(s => (s, average)).ToList());
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        var revenue = analysis.Result(analysis.Chosen, "revenue").Uplift;
        writer.WriteStartObject("targeting");
        writer.WriteString("learner", analysis.Result(analysis.Chosen, "revenue").Name);
        writer.WriteNumber("customers_with_positive_uplift", revenue.Count(v => v > 0));
        Number(writer, "expected_incremental_revenue_positive", revenue.Where(v => v > 0).Sum());
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Writes a page: the measures of each learner against random and the Qini chart of each metric.</summary>
    public static void WriteHtml(UpliftAnalysis analysis, string path)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var html = new StringBuilder(16384);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Uplift</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture,
            $"<h1>Uplift</h1><p>Experiment from {analysis.Start:yyyy-MM-dd}, {analysis.WindowDays} days; {E(analysis.Treatment)} against {E(analysis.Control)}; features as of {analysis.FeatureCutoff:yyyy-MM-dd}; {analysis.Folds} cross-fitted folds: every measure is on customers the models did not see.</p>");
        foreach (var metric in UpliftAnalysis.Metrics)
        {
            var results = analysis.Results.Where(r => r.Metric == metric).ToList();
            html.Append(CultureInfo.InvariantCulture, $"<h2>{E(metric)}</h2><p>Average effect (treated mean − control mean): {analysis.AverageEffect(metric):G4}.</p>");
            html.Append("<table><tr><th>ranking</th><th>Qini</th><th>Qini above random</th><th>AUUC</th>");
            foreach (var share in UpliftMetrics.Shares)
            {
                html.Append(CultureInfo.InvariantCulture, $"<th>uplift@{share:P0}</th>");
            }

            html.Append("</tr>");
            foreach (var r in results)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.Name}</td><td>{r.Metrics.Qini:G4}</td><td>{r.Metrics.QiniGain:G4}</td><td>{r.Metrics.Auuc:G4}</td>");
                foreach (var (_, value) in r.Metrics.UpliftAtK)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<td>{value:G4}</td>");
                }

                html.Append("</tr>");
            }

            var m0 = results[0].Metrics;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>random</td><td>{m0.QiniRandom:G4}</td><td>0</td><td>{m0.AuucRandom:G4}</td>");
            foreach (var _ in UpliftMetrics.Shares)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{analysis.AverageEffect(metric):G4}</td>");
            }

            html.Append("</tr></table>");
            var series = new List<ChartSeries>();
            string[] colors = ["#2b6cb0", "#3d9970"];
            for (var k = 0; k < results.Count; k++)
            {
                series.Add(new ChartSeries(results[k].Name, Percentiles(results[k].Metrics.QiniCurve), colors[k % colors.Length]));
            }

            var end = results[0].Metrics.QiniCurve;
            series.Add(new ChartSeries("random", [(0, 0), (1, end.Values[^1] / Math.Max(1, end.Total))], "#7f8c8d", Dashed: true));
            html.Append(LineChart.Render("qini-" + metric, $"Qini curve, {metric}", series, new LineChartOptions
            {
                XLabel = "share of customers targeted",
                YLabel = $"incremental {metric} per customer",
                XPercent = true,
                XRange = (0, 1),
            }));
        }

        html.Append("</body></html>");
        File.WriteAllText(path, html.ToString(), new UTF8Encoding(false));
    }

    /// <summary>The curve at every percent of customers targeted (the last point at or before it), on the per-customer scale.</summary>
    internal static List<(double X, double Y)> Percentiles(UpliftCurve curve)
    {
        var points = new List<(double, double)>(101);
        var j = 0;
        for (var p = 0; p <= 100; p++)
        {
            var count = p / 100.0 * curve.Total;
            while (j + 1 < curve.Counts.Length && curve.Counts[j + 1] <= count + 1e-9)
            {
                j++;
            }

            points.Add((p / 100.0, curve.Total == 0 ? 0 : curve.Values[j] / curve.Total));
        }

        return points;
    }

    private static void AtK(Utf8JsonWriter writer, IReadOnlyList<(double Share, double Uplift)> atK)
    {
        writer.WriteStartArray("uplift_at_k");
        foreach (var (share, uplift) in atK)
        {
            writer.WriteStartObject();
            writer.WriteNumber("share", share);
            Number(writer, "uplift", uplift);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, Math.Round(value, 9));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string Round(double value) => double.IsFinite(value) ? Math.Round(value, 6).ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
