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
