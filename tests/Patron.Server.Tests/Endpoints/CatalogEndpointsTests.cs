using System.Text.Json;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Endpoints;

public sealed class CatalogEndpointsTests
{
    [Fact]
    public async Task Segments_Run_ListsEverySegmentOfTheKpiTable()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.GetAsync(served.Client, "/api/segments");
        Assert.Equal(200, status);
        var lines = File.ReadAllLines(Path.Combine(served.Folder, "kpi", "segments.csv"));
        Assert.Equal(lines.Length - 1, body.GetArrayLength());
        Assert.Equal(JsonValueKind.Number, body[0].GetProperty("customers").ValueKind);
        Assert.Equal(JsonValueKind.String, body[0].GetProperty("segment").ValueKind);
    }

    [Fact]
    public async Task Kpi_Monthly_RowsWithTextMonthAndNumbers()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.GetAsync(served.Client, "/api/kpis/monthly");
        Assert.Equal(200, status);
        Assert.True(body.GetArrayLength() > 3);
        Assert.Matches(@"^\d{4}-\d{2}$", body[0].GetProperty("month").GetString());
        Assert.Equal(JsonValueKind.Number, body[0].GetProperty("revenue").ValueKind);
        var (namesStatus, names) = await Json.GetAsync(served.Client, "/api/kpis");
        Assert.Equal(200, namesStatus);
        Assert.Contains("churn_risk", names.EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task Kpi_ChurnRisk_KeepsCustomerIdsAsText()
    {
        await using var served = await ServedRun.StartAsync();
        var (_, body) = await Json.GetAsync(served.Client, "/api/kpis/churn_risk");
        Assert.Equal(JsonValueKind.String, body[0].GetProperty("customer_id").ValueKind);
    }

    [Fact]
    public async Task Kpi_UnknownName_Returns404Problem()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.GetAsync(served.Client, "/api/kpis/nothing_here");
        Assert.Equal(404, status);
        Assert.True(Json.IsProblem(body, 404));
    }

    [Fact]
    public async Task Models_Run_OneCardPerTaskWithVersionMetricsAndFeatures()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.GetAsync(served.Client, "/api/models");
        Assert.Equal(200, status);
        var churn = body.EnumerateArray().Single(c => c.GetProperty("task").GetString() == "churn");
        Assert.Equal(12, churn.GetProperty("version").GetString()!.Length);
        Assert.Equal("2026-07-03", churn.GetProperty("trained_as_of").GetString());
        Assert.Equal(JsonValueKind.Number, churn.GetProperty("out_of_time").GetProperty("pr_auc").ValueKind);
        Assert.Equal(JsonValueKind.Number, churn.GetProperty("baseline").GetProperty("out_of_time").GetProperty("pr_auc").ValueKind);
        Assert.Contains("orders", churn.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(JsonValueKind.Number, churn.GetProperty("threshold").ValueKind);
        Assert.Contains(body.EnumerateArray(), c => c.GetProperty("task").GetString() == "session_purchase");
    }
}
