using System.Globalization;
using System.Text.Json;
using Patron.Learning.Data;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Endpoints;

public sealed class ScoreEndpointsTests
{
    [Fact]
    public async Task ScoreCustomers_Ids_ProfilesInRequestOrderAndUnknownNamed()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.PostAsync(served.Client, "/api/score/customers", new { customer_ids = new[] { "C0000003", "X-1", "C0000001" } });
        Assert.Equal(200, status);
        var profiles = body.GetProperty("profiles");
        Assert.Equal("C0000003", profiles[0].GetProperty("customer_id").GetString());
        Assert.Equal(JsonValueKind.Null, profiles[1].ValueKind);
        Assert.Equal("C0000001", profiles[2].GetProperty("customer_id").GetString());
        Assert.Equal(["X-1"], body.GetProperty("not_found").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ScoreCustomers_WhatIfWithTheCustomersOwnFeatures_ReproducesTheServedChurn()
    {
        await using var served = await ServedRun.StartAsync();
        var (_, profile) = await Json.GetAsync(served.Client, "/api/customers/C0000002");
        var features = profile.GetProperty("features").GetRawText();
        var (status, body) = await Json.PostAsync(served.Client, "/api/score/customers", $"{{\"customers\": [{features}]}}");
        Assert.True(status == 200, body.GetRawText());
        var score = body.GetProperty("scores")[0];
        Assert.Equal(profile.GetProperty("churn_probability").GetDouble(), score.GetProperty("churn_probability").GetDouble(), 12);
        Assert.Equal(profile.GetProperty("churn_risk_band").GetString(), score.GetProperty("churn_risk_band").GetString());
        Assert.Equal(
            profile.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()),
            score.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task ScoreCustomers_WhatIfMoreOrders_ChangesTheScore()
    {
        await using var served = await ServedRun.StartAsync();
        var (_, profile) = await Json.GetAsync(served.Client, "/api/customers/C0000002");
        var row = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(profile.GetProperty("features").GetRawText())!;
        row["days_since_last_order"] = JsonSerializer.SerializeToElement(1);
        var (status, body) = await Json.PostAsync(served.Client, "/api/score/customers", new { customers = new[] { row } });
        Assert.Equal(200, status);
        Assert.NotEqual(profile.GetProperty("churn_probability").GetDouble(), body.GetProperty("scores")[0].GetProperty("churn_probability").GetDouble());
    }

    [Theory]
    [InlineData(3, 120.0, 200.0, 55.0, 0.5939203488538032, 0.7200377237408436, 0.4056641408695578, 41.22023179513334)]
    [InlineData(0, 0.0, 45.0, 0.0, 1.0, 0.6235593225594165, 0.39105199402019086, 43.84000030756601)]
    public async Task ScoreCustomers_WhatIfWithLifetimeInputs_RepeatClvAndPAliveFromTheRunsLifetimeModels(
        int frequency, double recency, double age, double spend, double pAlive, double purchases, double repeat, double clv)
    {
        // The demo run scores repeat with BG/NBD and CLV with BG/NBD + Gamma-Gamma (models/repeat.json, clv.json, 90-day
        // horizons). Expected values from SciPy with the saved parameters: P(alive) and E[Y(90)] by Fader, Hardie & Lee
        // (2005) eq. 10 (scipy.special.hyp2f1), repeat = 1 - P(no purchase in 90 days) as the ratio of the BG/NBD
        // likelihoods of (x, t_x, T + 90) and (x, t_x, T), CLV = E[Y(90)] * Gamma-Gamma E[M | x, z] (no discount).
        await using var served = await ServedRun.StartAsync();
        var (_, profile) = await Json.GetAsync(served.Client, "/api/customers/C0000002");
        var row = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(profile.GetProperty("features").GetRawText())!;
        row["lifetime_frequency"] = JsonSerializer.SerializeToElement(frequency);
        row["lifetime_recency_days"] = JsonSerializer.SerializeToElement(recency);
        row["lifetime_age_days"] = JsonSerializer.SerializeToElement(age);
        row["lifetime_mean_repeat_spend"] = JsonSerializer.SerializeToElement(spend);
        var plain = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(profile.GetProperty("features").GetRawText())!;

        var (status, body) = await Json.PostAsync(served.Client, "/api/score/customers", new { customers = new[] { row, plain } });

        Assert.True(status == 200, body.GetRawText());
        var scored = body.GetProperty("scores")[0];
        Assert.Equal(pAlive, scored.GetProperty("p_alive").GetDouble(), 1e-9);
        Assert.Equal(purchases, scored.GetProperty("expected_purchases").GetDouble(), 1e-9);
        Assert.Equal(repeat, scored.GetProperty("repeat_probability").GetDouble(), 1e-9);
        Assert.Equal(clv, scored.GetProperty("predicted_clv").GetDouble(), 1e-7);
        Assert.False(scored.TryGetProperty("lifetime_unavailable", out _));
        Assert.Equal(profile.GetProperty("churn_probability").GetDouble(), scored.GetProperty("churn_probability").GetDouble(), 12);

        // Without the inputs: no lifetime figures, and a field that says what they need.
        var without = body.GetProperty("scores")[1];
        Assert.False(without.TryGetProperty("repeat_probability", out _));
        Assert.False(without.TryGetProperty("p_alive", out _));
        Assert.Contains("lifetime_frequency", without.GetProperty("lifetime_unavailable").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreCustomers_LifetimeInputsOutOfRange_NoFiguresAndTheReasonNot5xx()
    {
        await using var served = await ServedRun.StartAsync();
        var (_, profile) = await Json.GetAsync(served.Client, "/api/customers/C0000002");
        var row = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(profile.GetProperty("features").GetRawText())!;
        row["lifetime_frequency"] = JsonSerializer.SerializeToElement(2.5);
        row["lifetime_recency_days"] = JsonSerializer.SerializeToElement(300);
        row["lifetime_age_days"] = JsonSerializer.SerializeToElement(100);
        row["lifetime_mean_repeat_spend"] = JsonSerializer.SerializeToElement(10);

        var (status, body) = await Json.PostAsync(served.Client, "/api/score/customers", new { customers = new[] { row } });

        Assert.Equal(200, status);
        Assert.Contains("out of range", body.GetProperty("scores")[0].GetProperty("lifetime_unavailable").GetString()!, StringComparison.Ordinal);
        var (badStatus, problem) = await Json.PostAsync(served.Client, "/api/score/customers", new { customers = new[] { new Dictionary<string, object> { ["lifetime_frequency"] = "three" } } });
        Assert.Equal(400, badStatus);
        Assert.Contains("lifetime_frequency must be a number", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreCustomers_MissingAndUnknownColumns_Returns400NamingThem()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.PostAsync(served.Client, "/api/score/customers", """{"customers": [{"orders": 3, "shoe_size": 44}]}""");
        Assert.Equal(400, status);
        Assert.True(Json.IsProblem(body, 400));
        var errors = body.GetProperty("errors").GetRawText();
        Assert.Contains("shoe_size", errors, StringComparison.Ordinal);
        Assert.Contains("days_since_last_order", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreCustomers_WrongType_Returns400NamingRowAndColumn()
    {
        await using var served = await ServedRun.StartAsync();
        var (_, profile) = await Json.GetAsync(served.Client, "/api/customers/C0000002");
        var row = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(profile.GetProperty("features").GetRawText())!;
        row["orders"] = JsonSerializer.SerializeToElement("many");
        var (status, body) = await Json.PostAsync(served.Client, "/api/score/customers", new { customers = new[] { row, row } });
        Assert.Equal(400, status);
        var errors = body.GetProperty("errors").GetRawText();
        Assert.Contains("customers[0].orders must be a number", errors, StringComparison.Ordinal);
        Assert.Contains("customers[1].orders", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreSessions_FeatureRows_ProbabilityAndReasonsInOrder()
    {
        await using var served = await ServedRun.StartAsync();
        var rows = await WebSessionRows(served.Client, 3);
        rows[0]["page_views"] = JsonSerializer.SerializeToElement(40);
        var (status, body) = await Json.PostAsync(served.Client, "/api/score/sessions", new { sessions = rows });
        Assert.True(status == 200, body.GetRawText());
        var predictions = body.GetProperty("predictions");
        Assert.Equal(3, predictions.GetArrayLength());
        foreach (var p in predictions.EnumerateArray())
        {
            Assert.InRange(p.GetProperty("purchase_probability").GetDouble(), 0, 1);
            Assert.Equal(3, p.GetProperty("reasons").GetArrayLength());
        }

        Assert.Equal(predictions[1].GetProperty("purchase_probability").GetDouble(), predictions[2].GetProperty("purchase_probability").GetDouble());
    }

    [Fact]
    public async Task ScoreSessions_OverTenThousandRows_Returns413()
    {
        await using var served = await ServedRun.StartAsync();
        var body = "{\"sessions\": [" + string.Join(',', Enumerable.Repeat("{}", 10_001)) + "]}";
        var (status, problem) = await Json.PostAsync(served.Client, "/api/score/sessions", body);
        Assert.Equal(413, status);
        Assert.True(Json.IsProblem(problem, 413));
    }

    [Fact]
    public async Task ScoreSessions_ShopperExportColumns_EqualTheRunsHeldOutScores()
    {
        // The shopper run trained on February's sessions of the sample and scored March's (held out): the service,
        // given March's rows as the export has them, answers the run's probabilities exactly.
        await using var served = await ServedRun.StartAsync(source: TestData.File("runs", "shoppers-300"));
        var export = CsvTable.ReadFile(Path.Combine(TestData.ShoppersSamples, "online_shoppers_intention.csv"));
        var expected = CsvTable.ReadFile(Path.Combine(served.Folder, "session_predictions.csv"));
        var rows = new List<Dictionary<string, object?>>();
        for (var i = 0; i < expected.RowCount; i++)
        {
            var sourceRow = int.Parse(expected.Column("session_id")[i].Split(':')[1], CultureInfo.InvariantCulture) - 1;
            rows.Add(ExportRow(export, sourceRow));
        }

        var (status, body) = await Json.PostAsync(served.Client, "/api/score/sessions", new { sessions = rows });
        Assert.True(status == 200, body.GetRawText());
        var predictions = body.GetProperty("predictions");
        Assert.Equal(expected.RowCount, predictions.GetArrayLength());
        for (var i = 0; i < expected.RowCount; i++)
        {
            Assert.Equal(double.Parse(expected.Column("purchase_probability")[i], CultureInfo.InvariantCulture), predictions[i].GetProperty("purchase_probability").GetDouble());
        }
    }

    [Fact]
    public async Task ScoreSessions_ShopperRowMissingAColumn_Returns400NamingIt()
    {
        await using var served = await ServedRun.StartAsync(source: TestData.File("runs", "shoppers-300"));
        var export = CsvTable.ReadFile(Path.Combine(TestData.ShoppersSamples, "online_shoppers_intention.csv"));
        var row = ExportRow(export, 0);
        row.Remove("BounceRates");
        row["Browser"] = new[] { 1 };
        var (status, body) = await Json.PostAsync(served.Client, "/api/score/sessions", new { sessions = new[] { row } });
        Assert.Equal(400, status);
        var errors = body.GetProperty("errors").GetRawText();
        Assert.Contains("BounceRates", errors, StringComparison.Ordinal);
        Assert.Contains("sessions[0].Browser", errors, StringComparison.Ordinal);
    }

    internal static Dictionary<string, object?> ExportRow(CsvTable export, int row)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var column in export.Header)
        {
            var cell = export.Column(column)[row];
            values[column] = column switch
            {
                "Month" or "VisitorType" => cell,
                "Weekend" or "Revenue" => cell == "TRUE",
                _ => double.Parse(cell, CultureInfo.InvariantCulture),
            };
        }

        return values;
    }

    internal static async Task<List<Dictionary<string, JsonElement>>> WebSessionRows(HttpClient client, int count)
    {
        var (_, models) = await Json.GetAsync(client, "/api/models");
        var card = models.EnumerateArray().Single(c => c.GetProperty("task").GetString() == "session_purchase");
        var rows = new List<Dictionary<string, JsonElement>>();
        for (var i = 0; i < count; i++)
        {
            var row = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var feature in card.GetProperty("features").EnumerateArray())
            {
                var name = feature.GetString()!;
                row[name] = name switch
                {
                    "hour_band" => JsonSerializer.SerializeToElement("evening"),
                    "product_category" or "product_price_band" => JsonSerializer.SerializeToElement<string?>(null),
                    _ => JsonSerializer.SerializeToElement(2.0),
                };
            }

            rows.Add(row);
        }

        return rows;
    }
}
