using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Live;

/// <summary>With <c>--store redis://...</c>, a profile updated by events is written through to Redis under the
/// version every instance serves, so an instance that took no event answers it too.</summary>
public sealed class RedisWriteThroughTests(RedisServer redis, LiveShop shop) : IClassFixture<RedisServer>, IClassFixture<LiveShop>
{
    [RedisFact]
    public async Task Post_WithRedisStore_AnotherInstanceServesTheUpdatedProfile()
    {
        await using var writer = await shop.ServeAsync(o => o with { Store = redis.Store });
        await PatronServer.PublishAsync(new ServeOptions { RunFolder = writer.Folder, Store = redis.Store });
        await using var reader = await ServedRun.StartAsync(o => o with { Store = redis.Store });
        var before = await EventEndpointsTests.Profile(reader.Client, "C0000003");
        Assert.Equal("2026-10-01", before.GetProperty("as_of").GetString());

        var answer = await EventEndpointsTests.Post(writer.Client, EventEndpointsTests.Order("r-1", "C0000003", "2026-11-30T10:00:00Z", "P00001"));
        Assert.Equal(202, answer.Status);

        var seen = await EventEndpointsTests.WaitFor(reader.Client, "C0000003", p => p.GetProperty("as_of").GetString() == "2026-12-01");
        Assert.Equal(0.0, seen.GetProperty("features").GetProperty("days_since_last_order").GetDouble() - 1.0);
        var own = await EventEndpointsTests.Profile(writer.Client, "C0000003");
        Assert.Equal(own.GetRawText(), seen.GetRawText());
    }
}
