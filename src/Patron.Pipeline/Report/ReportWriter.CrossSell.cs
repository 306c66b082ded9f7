using System.Text;

namespace Patron.Pipeline.Report;

public static partial class ReportWriter
{
    /// <summary>The cross-sell section: the strongest rules and the rules against popularity out of time
    /// (cross_sell.json), or why the run has none.</summary>
    private static void AppendCrossSell(StringBuilder html, RunFolder run)
    {
        html.Append("<h2 id=\"cross-sell\">Cross-sell</h2>");
        if (run.CrossSell is not { } c)
        {
            Missing(html, "Cross-sell", StageWhy(run, "cross_sell"));
            return;
        }

        if (Json.Str(c, "status") != "done")
        {
            Missing(html, "Cross-sell", "the cross-sell stage was skipped: " + Json.Str(c, "reason"));
            return;
        }

        var basket = Json.Str(c, "basket") == "customer" ? "customers" : "orders";
        html.Append("<p>Association rules over what ").Append(Esc(basket)).Append(" bought before ").Append(Esc(Json.Str(c, "cutoff")))
            .Append(" (min-support ").Append(Fmt(Json.Num(c, "min_support"), "0.####")).Append(", ").Append(Fmt(Json.Num(c, "baskets"), "#,0")).Append(' ').Append(Esc(basket))
            .Append("): ").Append(Fmt(Json.Num(c, "rules"), "#,0")).Append(" rules. Each customer's next products (predictions.csv, <code>next_products</code>) are the products the rules their history fires point to, never one already bought, filled with the most bought ones.</p>");
        var rules = Json.Items(c, "top_rules").ToList();
        if (rules.Count > 0)
        {
            html.Append("<h3>Strongest rules</h3><table><tr><th>bought</th><th>also bought</th><th>support</th><th>confidence</th><th>lift</th></tr>");
            foreach (var rule in rules)
            {
                html.Append("<tr><td>").Append(Esc(Json.Str(rule, "antecedent_names"))).Append("</td><td>").Append(Esc(Json.Str(rule, "consequent_names")))
                    .Append("</td><td class=\"n\">").Append(Fmt(Json.Num(rule, "support"), "0.0000")).Append("</td><td class=\"n\">").Append(Fmt(Json.Num(rule, "confidence"), "0.00"))
                    .Append("</td><td class=\"n\">").Append(Fmt(Json.Num(rule, "lift"), "0.00")).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("<h3>Rules against popularity, out of time</h3>");
        if (Json.Obj(c, "evaluation") is not { ValueKind: System.Text.Json.JsonValueKind.Object } e)
        {
            html.Append("<p class=\"muted why\">Not measured: ").Append(Esc(Json.Str(c, "evaluation_skipped"))).Append(".</p>");
            return;
        }

        html.Append("<p>Rules mined before ").Append(Esc(Json.Str(e, "cutoff"))).Append(" recommend 5 products to each customer who bought before it; a hit is a recommended product the customer bought, new to them, in the ")
            .Append(Fmt(Json.Num(e, "horizon_days"), "0")).Append(" days after. Popularity recommends the most bought products the customer does not have.</p>");
        html.Append("<table class=\"cross-sell-evaluation\"><tr><th>recommender</th><th>hit rate@5</th><th>precision@5</th><th>recall@5</th><th>customers</th></tr>");
        foreach (var (name, label) in new[] { ("rules", "rules (popularity fills)"), ("popularity", "popularity") })
        {
            var m = Json.Obj(e, name);
            html.Append("<tr><td>").Append(Esc(label)).Append("</td><td class=\"n\">").Append(Fmt(Json.Num(m, "hit_rate_at_5"), "0.000"))
                .Append("</td><td class=\"n\">").Append(Fmt(Json.Num(m, "precision_at_5"), "0.000")).Append("</td><td class=\"n\">").Append(Fmt(Json.Num(m, "recall_at_5"), "0.000"))
                .Append("</td><td class=\"n\">").Append(Fmt(Json.Num(m, "customers"), "#,0")).Append("</td></tr>");
        }

        html.Append("</table>");
    }
}
