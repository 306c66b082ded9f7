using System.Text;

namespace Patron.Pipeline.Report;

public static partial class ReportWriter
{
    /// <summary>The early-high-value view: how well the first 30 days predict the top 5 % (against the first-order value)
    /// and the new customers most likely to get there (kpi/early_high_value.csv).</summary>
    private static void AppendEarlyHighValue(StringBuilder html, RunFolder run)
    {
        const string Task = "early_high_value";
        html.Append("<h2 id=\"early\">New customers who may become top spenders</h2>");
        var list = run.Kpi("early_high_value");
        var task = run.Tasks().FirstOrDefault(t => t.Name == Task).Task;
        if (list is null || task.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            Missing(html, "The early high-value list", TaskWhy(run, Task));
            return;
        }

        var chosen = Json.Str(task, "chosen");
        var baseline = Json.Str(task, "baseline");
        double model = double.NaN, first = double.NaN;
        foreach (var candidate in Json.Items(task, "candidates"))
        {
            var auc = Json.Num(Json.Obj(candidate, "out_of_time"), "roc_auc");
            if (Json.Str(candidate, "name") == chosen)
            {
                model = auc;
            }

            if (Json.Str(candidate, "name") == baseline)
            {
                first = auc;
            }
        }

        html.Append("<p>Customers whose first purchase lies in the 30 days before the scoring cutoff, scored from those 30 days only ")
            .Append("(first basket, categories, discounts, sessions, channel): the probability of ending in the top 5 % of spend of all customers ")
            .Append("over the next ").Append(Fmt(Json.Num(task, "horizon_days"), "0")).Append(" days. ")
            .Append("Out of time, <b>").Append(Esc(chosen)).Append("</b> ranks them with ROC-AUC ").Append(Fmt(model, "0.000"))
            .Append(" against ").Append(Fmt(first, "0.000")).Append(" for the first-order value alone.</p>");
        html.Append("<table><tr><th>customer</th><th>segment</th><th>probability of the top 5 %</th><th>spend so far</th></tr>");
        for (var i = 0; i < list.Count; i++)
        {
            html.Append("<tr><td>").Append(Esc(list.Text(i, "customer_id"))).Append("</td><td>").Append(Esc(list.Text(i, "segment")))
                .Append("</td><td class=\"n\">").Append(Fmt(100 * list.Number(i, "early_high_value_probability"), "0.0")).Append(" %</td><td class=\"n\">")
                .Append(Fmt(list.Number(i, "monetary"), "#,0")).Append("</td></tr>");
        }

        html.Append("</table>");
    }
}
