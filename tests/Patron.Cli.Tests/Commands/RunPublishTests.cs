using System.Text.Json;
using Patron.Server.Tests.Support;
using StackExchange.Redis;

namespace Patron.Cli.Tests.Commands;

/// <summary><c>patron run --publish redis://HOST:PORT</c>: the run's profiles go to Redis under its version and the
/// pointer names it, as <c>patron serve --publish</c> does.</summary>
public sealed class RunPublishTests(RunShopFixture fixture) : IClassFixture<RunShopFixture>
{
    [RedisFact]
    public async Task Run_PublishToRedis_EveryProfileUnderTheVersionThePointerNames()
    {
        using var redis = new RedisServer();
        var folder = Path.Combine(fixture.Root, "published");

        var (code, output, error) = RunShopFixture.Patron("run", "--source", "generic", fixture.Shop.OutputDirectory, "--out", folder,
            "--tasks", "churn", "--rounds", "20", "--folds", "2", "--seed", "4", "--json", "--publish", redis.Store);

        Assert.True(code == 0, error);
        using var summary = JsonDocument.Parse(output);
        Assert.Contains("published run ", error, StringComparison.Ordinal);
        using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
        var db = connection.GetDatabase();
        var version = (string?)await db.StringGetAsync("patron:current");
        Assert.False(string.IsNullOrEmpty(version));
        var ids = File.ReadLines(Path.Combine(folder, "predictions.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)await db.HashGetAsync($"patron:run:{version}:meta", "customers"));
        foreach (var id in new[] { ids[0], ids[^1] })
        {
            var json = (string?)await db.StringGetAsync($"patron:run:{version}:customer:{id}");
            Assert.NotNull(json);
            using var profile = JsonDocument.Parse(json);
            Assert.Equal(id, profile.RootElement.GetProperty("customer_id").GetString());
        }
    }

    [Fact]
    public void Run_PublishNotARedisAddress_FailsBeforeAnyWork()
    {
        var folder = Path.Combine(fixture.Root, "bad-publish");

        var (code, _, error) = RunShopFixture.Patron("run", "--source", "generic", fixture.Shop.OutputDirectory, "--out", folder, "--publish", "http://127.0.0.1:6379");

        Assert.Equal(PatronCommandLine.FailureExitCode, code);
        Assert.Contains("--publish: expected a Redis store as redis://HOST:PORT or unix:///PATH", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }
}
