using Patron.DuckDb;
using Patron.Server.Tests.Support;
using Patron.Warehouse;

namespace Patron.Server.Tests.Endpoints;

public sealed class RecommendEndpointsTests
{
    [Fact]
    public async Task Recommend_ProductWithRules_FirstPickIsItsMostConfidentRuleWithTheReason()
    {
        await using var served = await ServedRun.StartAsync();
        var (antecedent, consequent, confidence) = StrongestSingleRule(Path.Combine(served.Folder, "rules.parquet"));

        var (status, body) = await Json.PostAsync(served.Client, "/api/recommend", new { basket = new[] { antecedent }, k = 3 });

        Assert.Equal(200, status);
        var products = body.GetProperty("products").EnumerateArray().ToList();
        Assert.Equal(3, products.Count);
        Assert.Equal(consequent, products[0].GetProperty("product_id").GetString());
        Assert.Equal("rule", products[0].GetProperty("source").GetString());
        Assert.Equal(confidence, products[0].GetProperty("score").GetDouble());
        Assert.Contains("also bought", products[0].GetProperty("reason").GetString()!, StringComparison.Ordinal);
        Assert.DoesNotContain(products, p => p.GetProperty("product_id").GetString() == antecedent);
        Assert.Empty(body.GetProperty("unknown_ids").EnumerateArray());
        Assert.Equal(3, products.Select(p => p.GetProperty("product_id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Recommend_UnknownProducts_PopularPicksAndTheUnknownIdsListed()
    {
        await using var served = await ServedRun.StartAsync();

        var (status, body) = await Json.PostAsync(served.Client, "/api/recommend", """{"basket": ["NO-SUCH-PRODUCT", "NO-SUCH-PRODUCT"]}""");

        Assert.Equal(200, status);
        var products = body.GetProperty("products").EnumerateArray().ToList();
        Assert.Equal(5, products.Count);
        Assert.All(products, p => Assert.Equal("popular", p.GetProperty("source").GetString()));
        Assert.Equal(["NO-SUCH-PRODUCT"], body.GetProperty("unknown_ids").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("{}", "'basket'")]
    [InlineData("""{"basket": "P1"}""", "'basket' must be an array")]
    [InlineData("""{"basket": ["P1", null, 3]}""", "basket")]
    [InlineData("""{"basket": ["P1"], "k": 0}""", "'k'")]
    [InlineData("""{"basket": ["P1"], "k": 101}""", "'k'")]
    [InlineData("""{"basket": ["P1"], "k": "5"}""", "'k'")]
    [InlineData("""{"basket": ["P1"], "k": 2.5}""", "'k'")]
    [InlineData("""{"basket": ["P1"], "top": 5}""", "Unknown field 'top'")]
    [InlineData("""{"basket": [""" , "not valid JSON")]
    public async Task Recommend_BadInput_400ProblemDetailsNamingTheProblem(string body, string expected)
    {
        await using var served = await ServedRun.StartAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await served.Client.PostAsync(new Uri("/api/recommend", UriKind.Relative), content);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json.Read(response);
        Assert.Contains(expected, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommend_BasketOverTheLimit_400()
    {
        await using var served = await ServedRun.StartAsync();
        var basket = Enumerable.Range(0, 1_001).Select(i => "P" + i).ToArray();

        var (status, body) = await Json.PostAsync(served.Client, "/api/recommend", new { basket });

        Assert.Equal(400, status);
        Assert.Contains("at most 1,000", body.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommend_RunWithoutRules_409()
    {
        await using var served = await ServedRun.StartAsync(source: TestData.File("runs", "shoppers-300"));

        var (status, body) = await Json.PostAsync(served.Client, "/api/recommend", """{"basket": ["P1"]}""");

        Assert.Equal(409, status);
        Assert.Contains("cross-sell", body.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommend_RulesFileWithoutRules_409SayingTheFileHoldsNoneAndWhy()
    {
        // A run whose cross-sell stage mined baskets but found no rule above its thresholds writes an empty
        // rules.parquet and a cross_sell.json with "rules": 0: the demo run made so.
        using var temp = new TempFolder();
        var source = temp.Folder("run");
        ServedRun.CopyFolder(ServedRun.DemoRun, source);
        var rules = Path.Combine(source, "rules.parquet");
        var empty = Path.Combine(temp.Path, "empty.parquet");
        using (var connection = DuckDbConnection.OpenInMemory())
        {
            connection.Execute($"COPY (SELECT * FROM read_parquet({SqlScripts.Literal(rules)}) LIMIT 0) TO {SqlScripts.Literal(empty)} (FORMAT parquet)");
        }

        File.Copy(empty, rules, overwrite: true);
        var stage = Path.Combine(source, "cross_sell.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(stage))!.AsObject();
        json["rules"] = 0;
        json["baskets"] = 12;
        json["min_support"] = 0.25;
        File.WriteAllText(stage, json.ToJsonString());
        await using var served = await ServedRun.StartAsync(source: source);

        var (status, body) = await Json.PostAsync(served.Client, "/api/recommend", """{"basket": ["P00030"]}""");

        Assert.Equal(409, status);
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("rules.parquet exists but holds no rules", detail, StringComparison.Ordinal);
        Assert.Contains("12 baskets", detail, StringComparison.Ordinal);
        Assert.Contains("at least 3 baskets", detail, StringComparison.Ordinal);
        Assert.Contains("Too few baskets", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommend_SkippedCrossSellStage_409WithTheStageReason()
    {
        using var temp = new TempFolder();
        var source = temp.Folder("run");
        ServedRun.CopyFolder(ServedRun.DemoRun, source);
        File.Delete(Path.Combine(source, "rules.parquet"));
        File.WriteAllText(Path.Combine(source, "cross_sell.json"), """{"status": "skipped", "cutoff": "2026-10-01", "reason": "no purchases by customers"}""");
        await using var served = await ServedRun.StartAsync(source: source);

        var (status, body) = await Json.PostAsync(served.Client, "/api/recommend", """{"basket": ["P00030"]}""");

        Assert.Equal(409, status);
        Assert.Contains("skipped: no purchases by customers", body.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    /// <summary>The antecedent of the rules file's most confident one-to-one rule (by the recommender's order: confidence,
    /// lift, count) among those whose antecedent has no more confident rule, with its consequent and confidence.</summary>
    private static (string Antecedent, string Consequent, double Confidence) StrongestSingleRule(string rules)
    {
        using var connection = DuckDbConnection.OpenInMemory();
        using var result = connection.Query($"""
            SELECT antecedents, consequents, confidence FROM read_parquet({SqlScripts.Literal(rules)})
            WHERE NOT contains(antecedents, '|') AND NOT contains(consequents, '|')
            ORDER BY confidence DESC, lift DESC, baskets DESC, antecedents LIMIT 1
            """);
        Assert.Equal(1, result.RowCount);
        return (result["antecedents"].GetString(0), result["consequents"].GetString(0), result["confidence"].GetDouble(0));
    }
}
