using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Endpoints;

public sealed class DocumentEndpointsTests
{
    [Fact]
    public async Task OpenApi_Document_ListsEveryRoute()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.GetAsync(served.Client, "/openapi/v1.json");
        Assert.Equal(200, status);
        var paths = body.GetProperty("paths");
        foreach (var route in new[]
        {
            "/health", "/ready", "/api/customers/{id}", "/api/customers", "/api/score/customers", "/api/score/sessions",
            "/api/segments", "/api/kpis/{name}", "/api/models", "/api/admin/reload", "/api/events", "/api/events/{batch}",
        })
        {
            Assert.True(paths.TryGetProperty(route, out _), route);
        }
    }

    [Fact]
    public async Task Docs_Page_ServedFromThePackageWithoutACdn()
    {
        await using var served = await ServedRun.StartAsync();
        using var response = await served.Client.GetAsync(new Uri("/docs/", UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html.Replace("https://scalar.com", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterRequests_CountsRoutesAndNamesModelVersions()
    {
        await using var served = await ServedRun.StartAsync();
        await served.Client.GetAsync(new Uri("/api/customers/C0000001", UriKind.Relative));
        var text = await served.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("http_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"/api/customers/{id}\"", text, StringComparison.Ordinal);
        Assert.Contains("patron_model_info{task=\"churn\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("C0000001", text, StringComparison.Ordinal);
    }
}
