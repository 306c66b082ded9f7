using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using Patron.Features.Registry;
using Patron.Learning.Data;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Dashboard;

/// <summary>The experiments page and the customer 360 page in process: every figure of the analysis and uplift files as
/// written, the targeting list's top, the empty state's commands; feature meanings from the registry and next products
/// from the run.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ExperimentsPageTests(ExperimentDashboardShop shop)
{
    [Fact]
    public async Task Experiments_Folder_ShowsEveryFigureOfTheAnalysisAndUpliftFiles()
    {
        await using var served = await ServedRun.StartAsync(o => o with { Experiments = shop.Folder });
        var response = await served.Client.GetAsync("/experiments");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        using var analysis = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(shop.Folder, "analysis.json")));
        var root = analysis.RootElement;
        Assert.Contains(HtmlEncoder.Default.Encode(root.GetProperty("verdict").GetString()!), html, StringComparison.Ordinal);
        Assert.Contains(root.GetProperty("srm").GetProperty("flag").GetBoolean() ? "data-srm=\"flag\"" : "data-srm=\"ok\"", html, StringComparison.Ordinal);
        var metrics = root.GetProperty("metrics");
        Assert.Equal(3, metrics.GetArrayLength());
        foreach (var m in metrics.EnumerateArray())
        {
            var row = Row(html, $"data-metric=\"{m.GetProperty("metric").GetString()}\"");
            Assert.Contains($"data-field=\"control_n\" data-value=\"{m.GetProperty("control").GetProperty("n").GetInt64()}\"", row, StringComparison.Ordinal);
            Assert.Contains($"data-field=\"treatment_n\" data-value=\"{m.GetProperty("treatment").GetProperty("n").GetInt64()}\"", row, StringComparison.Ordinal);
            foreach (var (field, value) in new[]
            {
                ("control_mean", m.GetProperty("control").GetProperty("mean")), ("treatment_mean", m.GetProperty("treatment").GetProperty("mean")),
                ("absolute_lift", m.GetProperty("absolute_lift")), ("relative_lift", m.GetProperty("relative_lift")),
                ("p_value", m.GetProperty("p_value")), ("p_value_holm", m.GetProperty("p_value_holm")),
                ("p_value_always_valid", m.GetProperty("p_value_always_valid")),
                ("cuped_lift", m.GetProperty("cuped").GetProperty("absolute_lift")), ("variance_reduction", m.GetProperty("cuped").GetProperty("variance_reduction")),
            })
            {
                Assert.Contains($"data-field=\"{field}\" data-value=\"{Exact(value)}\"", row, StringComparison.Ordinal);
            }

            Assert.Contains($"data-low=\"{Exact(m.GetProperty("ci_low"))}\" data-high=\"{Exact(m.GetProperty("ci_high"))}\"", row, StringComparison.Ordinal);
        }

        Assert.Contains("id=\"chart-analysis-1-lift\"", html, StringComparison.Ordinal);

        using var uplift = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(shop.Folder, "uplift.json")));
        foreach (var metric in uplift.RootElement.GetProperty("metrics").EnumerateArray())
        {
            var name = metric.GetProperty("metric").GetString();
            var table = Row(html, $"id=\"uplift-1-{name}-learners\"", "</table>");
            foreach (var learner in metric.GetProperty("learners").EnumerateArray().Append(metric.GetProperty("random")))
            {
                var label = learner.TryGetProperty("learner", out var l) ? l.GetString() : "random";
                var row = Row(table, $"data-learner=\"{label}\"");
                Assert.Contains($"data-field=\"qini\" data-value=\"{Exact(learner.GetProperty("qini"))}\"", row, StringComparison.Ordinal);
                Assert.Contains($"data-field=\"auuc\" data-value=\"{Exact(learner.GetProperty("auuc"))}\"", row, StringComparison.Ordinal);
                foreach (var k in learner.GetProperty("uplift_at_k").EnumerateArray())
                {
                    Assert.Contains($"data-value=\"{Exact(k.GetProperty("uplift"))}\"", row, StringComparison.Ordinal);
                }
            }

            Assert.Contains($"id=\"chart-uplift-1-{name}-qini\"", html, StringComparison.Ordinal);
        }

        var targeting = uplift.RootElement.GetProperty("targeting");
        Assert.Contains($"data-kpi=\"positive\" data-value=\"{targeting.GetProperty("customers_with_positive_uplift").GetInt64()}\"", html, StringComparison.Ordinal);

        // The targeting list: its first 20 customers in the file's order, each linking to the 360 page.
        var targets = CsvTable.ReadFile(Path.Combine(shop.Folder, "targets.csv"));
        var list = Row(html, "id=\"targets-1\"", "</table>");
        Assert.Contains("data-rows=\"20\"", list, StringComparison.Ordinal);
        var at = 0;
        for (var r = 0; r < 20; r++)
        {
            var id = targets.Column("customer_id")[r];
            var next = list.IndexOf($">{id}</a>", at, StringComparison.Ordinal);
            Assert.True(next > at, $"targeting row {r + 1} ({id}) is missing or out of order");
            at = next;
        }

        Assert.DoesNotContain($">{targets.Column("customer_id")[20]}</a>", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Experiments_NoResults_SaysHowToMakeThem()
    {
        await using var served = await ServedRun.StartAsync();
        var html = await served.Client.GetStringAsync("/experiments");
        Assert.Contains("id=\"experiments-howto\"", html, StringComparison.Ordinal);
        Assert.Contains("patron experiment analyze --db ab.duckdb", html, StringComparison.Ordinal);
        Assert.Contains("patron uplift --db ab.duckdb", html, StringComparison.Ordinal);
        Assert.Contains(HtmlEncoder.Default.Encode(Path.Combine(served.Folder, "experiments")) + "/analysis.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-chart=", html, StringComparison.Ordinal);

        // A file that is neither is named with the reason, and the page still answers.
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("notes.json"), "{\"hello\": 1}");
        File.WriteAllText(temp.File("broken.json"), "{");
        await using var other = await ServedRun.StartAsync(o => o with { Experiments = temp.Path });
        var skipped = await other.Client.GetStringAsync("/experiments");
        Assert.Contains("<code>notes.json</code> was skipped: neither an analysis", skipped, StringComparison.Ordinal);
        Assert.Contains("<code>broken.json</code> was skipped:", skipped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customer360_ShowsFeatureMeaningsAndTheRunsNextProducts()
    {
        await using var served = await ServedRun.StartAsync();
        var next = CsvTable.ReadFile(Path.Combine(served.Folder, "next_products.csv"));
        var id = next.Column("customer_id")[0];
        var html = await served.Client.GetStringAsync("/customers/" + id);

        // Next products: the customer's rows of next_products.csv in rank order.
        var table = Row(html, "id=\"next-products\"", "</table>");
        var at = 0;
        var shown = 0;
        for (var r = 0; r < next.RowCount; r++)
        {
            if (next.Column("customer_id")[r] != id)
            {
                continue;
            }

            var product = next.Column("product_id")[r];
            var position = table.IndexOf($"data-product=\"{product}\"", at, StringComparison.Ordinal);
            Assert.True(position > at, $"next product {product} is missing or out of order");
            Assert.Contains(HtmlEncoder.Default.Encode(next.Column("reason")[r]), table, StringComparison.Ordinal);
            at = position;
            shown++;
        }

        Assert.True(shown > 0);

        // Features: every one the profile holds, with the registry's description and the describer's sentence.
        var features = Row(html, "id=\"features-table\"", "</table>");
        var rows = features.Split("data-feature=\"", StringSplitOptions.None).Skip(1).ToArray();
        Assert.True(rows.Length > 10, $"only {rows.Length} features shown");
        var described = 0;
        foreach (var row in rows)
        {
            var name = row[..row.IndexOf('"', StringComparison.Ordinal)];
            if (FeatureRegistry.Find(name) is { } feature)
            {
                Assert.Contains(HtmlEncoder.Default.Encode(feature.Description), row, StringComparison.Ordinal);
                described++;
            }
        }

        Assert.True(described > 10, $"only {described} features carry the registry's description");
        Assert.Matches("no order for [0-9]+ days", features);

        // A run without next products (no cross-sell rules were mined) says why on the same customer's page.
        using var bare = new TempFolder();
        ServedRun.CopyFolder(ServedRun.DemoRun, bare.Path);
        File.Delete(Path.Combine(bare.Path, "next_products.csv"));
        File.Delete(Path.Combine(bare.Path, "profiles.bin")); // the snapshot carries the next products too
        await using var without = await ServedRun.StartAsync(source: bare.Path);
        var other = await without.Client.GetStringAsync("/customers/" + id);
        Assert.Contains("id=\"features-table\"", other, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"next-products\"", other, StringComparison.Ordinal);
        Assert.Contains("The run has no next products for this customer", other, StringComparison.Ordinal);
    }

    /// <summary>The HTML from the first <paramref name="marker"/> to the next <paramref name="end"/>.</summary>
    internal static string Row(string html, string marker, string end = "</tr>")
    {
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{marker} is not on the page");
        var stop = html.IndexOf(end, start, StringComparison.Ordinal);
        return html[start..(stop < 0 ? html.Length : stop)];
    }

    /// <summary>A JSON number as the page writes it in data-value (round-trip); null (not finite) as empty.</summary>
    internal static string Exact(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("R", CultureInfo.InvariantCulture) : "";
}
