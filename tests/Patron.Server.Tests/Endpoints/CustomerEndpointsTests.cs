using System.Globalization;
using System.Text.Json;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Endpoints;

public sealed class CustomerEndpointsTests
{
    private static readonly string[] Numbers =
    [
        "churn_probability", "repeat_probability", "high_value_probability", "predicted_clv", "predicted_clv_lower",
        "predicted_clv_upper", "p_alive", "expected_purchases",
    ];

    [Fact]
    public async Task Profile_EveryCustomer_EqualsPredictionsCsv()
    {
        await using var served = await ServedRun.StartAsync();
        var file = new PredictionsFile(served.Folder);
        Assert.True(file.Count > 300);
        for (var row = 0; row < file.Count; row++)
        {
            var id = file.Cell(row, "customer_id");
            var (status, body) = await Json.GetAsync(served.Client, "/api/customers/" + Uri.EscapeDataString(id));
            Assert.Equal(200, status);
            Assert.Equal(id, body.GetProperty("customer_id").GetString());
            Assert.Equal(file.Cell(row, "segment"), body.GetProperty("segment").GetString());
            Assert.Equal(file.Cell(row, "recommended_action"), body.GetProperty("recommended_action").GetString());
            Assert.Equal(file.Cell(row, "churn_risk_band"), body.GetProperty("churn_risk_band").GetString());
            Assert.Equal(file.Cell(row, "high_value_flag") == "true", body.GetProperty("high_value_flag").GetBoolean());
            foreach (var column in Numbers)
            {
                var cell = file.Cell(row, column);
                if (cell.Length == 0)
                {
                    Assert.False(body.TryGetProperty(column, out _), column);
                }
                else
                {
                    // Exactly the number of the file: the same double, not one close to it.
                    Assert.Equal(double.Parse(cell, CultureInfo.InvariantCulture), body.GetProperty(column).GetDouble());
                }
            }

            var reasons = body.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToArray();
            var expected = new[] { "reason_1", "reason_2", "reason_3" }.Select(c => file.Cell(row, c)).Where(c => c.Length > 0).ToArray();
            Assert.Equal(expected, reasons);
            Assert.Equal("2026-10-01", body.GetProperty("as_of").GetString());
        }
    }

    [Fact]
    public async Task Profile_EarlyHighValueColumn_ProbabilityForNewCustomersNullForOthers()
    {
        // A run with the early_high_value task: the column is filled for the new customers only.
        using var temp = new Patron.Testing.TempFolder();
        var source = temp.Folder("run");
        ServedRun.CopyFolder(ServedRun.DemoRun, source);
        var path = Path.Combine(source, "predictions.csv");
        var lines = File.ReadAllLines(path);
        lines[0] += ",early_high_value_probability";
        for (var i = 1; i < lines.Length; i++)
        {
            lines[i] += i % 3 == 0 ? "," + (i / 1000.0).ToString("R", CultureInfo.InvariantCulture) : ",";
        }

        File.WriteAllLines(path, lines);
        var file = new PredictionsFile(source);
        await using var served = await ServedRun.StartAsync(source: source);
        for (var row = 0; row < 12; row++)
        {
            var (status, body) = await Json.GetAsync(served.Client, "/api/customers/" + Uri.EscapeDataString(file.Cell(row, "customer_id")));
            Assert.Equal(200, status);
            if ((row + 1) % 3 == 0)
            {
                Assert.Equal((row + 1) / 1000.0, body.GetProperty("early_high_value_probability").GetDouble());
            }
            else
            {
                Assert.False(body.TryGetProperty("early_high_value_probability", out _));
            }
        }
    }

    [Fact]
    public async Task Profile_KnownId_HasFeaturesByRegistryNameAndModelVersions()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.GetAsync(served.Client, "/api/customers/C0000001");
        Assert.Equal(200, status);
        var features = body.GetProperty("features");
        Assert.Equal(JsonValueKind.Number, features.GetProperty("orders").ValueKind);
        Assert.Equal(JsonValueKind.Number, features.GetProperty("days_since_last_order").ValueKind);
        foreach (var property in features.EnumerateObject())
        {
            Assert.NotNull(Patron.Features.Registry.FeatureRegistry.Find(property.Name));
        }

        var versions = body.GetProperty("model_versions");
        Assert.Equal(12, versions.GetProperty("churn").GetString()!.Length);
        Assert.True(versions.TryGetProperty("session_purchase", out _));
    }

    [Fact]
    public async Task Profile_UnknownId_Returns404Problem()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.GetAsync(served.Client, "/api/customers/NOPE-123");
        Assert.Equal(404, status);
        Assert.True(Json.IsProblem(body, 404));
        Assert.DoesNotContain("NOPE-123", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Default_SortedByChurnDescendingAndPaged()
    {
        await using var served = await ServedRun.StartAsync();
        var file = new PredictionsFile(served.Folder);
        var (status, body) = await Json.GetAsync(served.Client, "/api/customers?page_size=25&page=2");
        Assert.Equal(200, status);
        Assert.Equal(file.Count, body.GetProperty("total").GetInt32());
        var items = body.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(25, items.Length);
        var churn = items.Select(i => i.GetProperty("churn_probability").GetDouble()).ToArray();
        Assert.Equal(churn.OrderByDescending(c => c), churn);
        var all = Enumerable.Range(0, file.Count).Select(r => double.Parse(file.Cell(r, "churn_probability"), CultureInfo.InvariantCulture))
            .OrderByDescending(c => c).ToArray();
        Assert.Equal(all[25], churn[0]);
        Assert.False(items[0].TryGetProperty("features", out _));
    }

    [Fact]
    public async Task List_SegmentRiskBandAndMinChurn_FiltersLikeTheFile()
    {
        await using var served = await ServedRun.StartAsync();
        var file = new PredictionsFile(served.Folder);
        var segment = file.Cell(0, "segment");
        var expected = Enumerable.Range(0, file.Count).Count(r => file.Cell(r, "segment") == segment
            && file.Cell(r, "churn_risk_band") == "high"
            && double.Parse(file.Cell(r, "churn_probability"), CultureInfo.InvariantCulture) >= 0.7);
        var (status, body) = await Json.GetAsync(served.Client,
            $"/api/customers?segment={Uri.EscapeDataString(segment)}&risk_band=high&min_churn=0.7&sort=clv&page_size=1000");
        Assert.Equal(200, status);
        Assert.Equal(expected, body.GetProperty("total").GetInt32());
        var clv = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("predicted_clv").GetDouble()).ToArray();
        Assert.Equal(clv.OrderByDescending(c => c), clv);
        Assert.All(body.GetProperty("items").EnumerateArray(), i => Assert.Equal(segment, i.GetProperty("segment").GetString()));
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=abc")]
    [InlineData("page_size=5000")]
    [InlineData("min_churn=2")]
    [InlineData("risk_band=extreme")]
    [InlineData("sort=name")]
    public async Task List_BadQuery_Returns400ProblemNamingTheParameter(string query)
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.GetAsync(served.Client, "/api/customers?" + query);
        Assert.Equal(400, status);
        Assert.True(Json.IsProblem(body, 400));
        Assert.Contains(query.Split('=')[0], body.GetProperty("errors").GetRawText(), StringComparison.Ordinal);
    }
}
