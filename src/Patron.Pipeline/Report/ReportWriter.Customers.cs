using System.Text;
using Patron.Pipeline.Report.Charts;

namespace Patron.Pipeline.Report;

public static partial class ReportWriter
{
    private static void AppendCustomers(StringBuilder html, RunFolder run, List<string> charts)
    {
        html.Append("<h2 id=\"customers\">Valuable customers at risk</h2>");
        if (run.Kpi("churn_risk") is { Count: > 0 } risk)
        {
            html.Append("<p>The customers most likely to stop buying among the most valuable, with the reasons behind each score.</p>")
                .Append("<table><tr><th>customer</th><th>segment</th><th>churn probability</th><th>predicted CLV</th><th>spend so far</th><th>why</th></tr>");
            for (var i = 0; i < risk.Count; i++)
            {
                var p = risk.Number(i, "churn_probability");
                var band = p >= 0.66 ? "high" : p >= 0.33 ? "medium" : "low";
                html.Append("<tr><td>").Append(Esc(risk.Text(i, "customer_id"))).Append("</td><td>").Append(Esc(risk.Text(i, "segment")))
                    .Append("</td><td class=\"n ").Append(band).Append("\">").Append(Fmt(p * 100, "0")).Append("%</td><td class=\"n\">")
                    .Append(Fmt(risk.Number(i, "predicted_clv"), "#,0")).Append("</td><td class=\"n\">").Append(Fmt(risk.Number(i, "monetary"), "#,0"))
                    .Append("</td><td class=\"small\">");
                foreach (var reason in new[] { "reason_1", "reason_2", "reason_3" })
                {
                    var text = risk.Text(i, reason);
                    if (text.Length > 0)
                    {
                        html.Append(Esc(text)).Append("<br>");
                    }
                }

                html.Append("</td></tr>");
            }

            html.Append("</table>");
        }
        else
        {
            Missing(html, "The churn-risk list", TaskWhy(run, "churn"));
        }

        html.Append("<h2 id=\"clv\">Lifetime value</h2><div class=\"grid\">");
        if (run.Kpi("clv_distribution") is { Count: > 0 } clv)
        {
            var labels = new List<string>();
            var values = new List<double>();
            for (var i = 0; i < clv.Count; i++)
            {
                labels.Add(Svg.Short(clv.Number(i, "bucket_low")));
                values.Add(clv.Number(i, "customers"));
            }

            charts.Add("chart-clv-distribution");
            html.Append("<figure><figcaption>Distribution of predicted lifetime value (customers per bucket; label = bucket start)</figcaption>")
                .Append(BarChart.Vertical("chart-clv-distribution", "Distribution of predicted CLV", labels, [("customers", values, Svg.Palette[2])], "customers", width: 520))
                .Append("</figure>");
        }
        else
        {
            Missing(html, "The CLV distribution", TaskWhy(run, "clv"));
        }

        html.Append("</div>");

        html.Append("<h2 id=\"cross\">Cross-category</h2>");
        if (run.Kpi("cross_category") is { Count: > 0 } cross)
        {
            var rows = Enumerable.Range(0, cross.Count)
                .Where(i => cross.Number(i, "customers_both") >= 5)
                .OrderByDescending(i => cross.Number(i, "lift")).Take(20).ToList();
            html.Append("<p>P(buys B | bought A) over customers before the cutoff, strongest lifts first (pairs with at least 5 shared customers).</p>")
                .Append("<table><tr><th>bought</th><th>also buys</th><th>customers of A</th><th>of them also B</th><th>probability</th><th>lift</th></tr>");
            foreach (var i in rows)
            {
                html.Append("<tr><td>").Append(Esc(cross.Text(i, "from_category"))).Append("</td><td>").Append(Esc(cross.Text(i, "to_category")))
                    .Append("</td><td class=\"n\">").Append(Fmt(cross.Number(i, "customers_from"), "#,0")).Append("</td><td class=\"n\">")
                    .Append(Fmt(cross.Number(i, "customers_both"), "#,0")).Append("</td><td class=\"n\">").Append(Fmt(cross.Number(i, "probability") * 100, "0.0"))
                    .Append("%</td><td class=\"n\">").Append(Fmt(cross.Number(i, "lift"), "0.00")).Append("</td></tr>");
            }

            html.Append("</table>");
        }
        else
        {
            Missing(html, "The cross-category table", KpiWhy(run));
        }
    }
}
