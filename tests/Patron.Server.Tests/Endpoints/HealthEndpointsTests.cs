using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Endpoints;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Health_Always_Returns200()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.GetAsync(served.Client, "/health");
        Assert.Equal(200, status);
        Assert.Equal("up", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_Loaded_ReportsRunCustomersAndBytesPerCustomer()
    {
        await using var served = await ServedRun.StartAsync();
        var (status, body) = await Json.GetAsync(served.Client, "/ready");
        Assert.True(status == 200, body.GetRawText());
        Assert.Equal(399, body.GetProperty("customers").GetInt32());
        Assert.StartsWith("", body.GetProperty("run").GetString(), StringComparison.Ordinal);
        Assert.InRange(body.GetProperty("bytes_per_customer").GetInt64(), 100, 5_000);
        Assert.Equal("memory", body.GetProperty("store").GetString());
    }

    [Fact]
    public async Task Ready_BrokenRunFolder_Returns503Problem()
    {
        await using var served = await ServedRun.StartAsync(o => o with { RunFolder = Path.Combine(o.RunFolder, "missing") });
        var (status, body) = await Json.GetAsync(served.Client, "/ready");
        Assert.Equal(503, status);
        Assert.True(Json.IsProblem(body, 503));
        var (profileStatus, _) = await Json.GetAsync(served.Client, "/api/customers/C0000001");
        Assert.Equal(503, profileStatus);
    }
}
