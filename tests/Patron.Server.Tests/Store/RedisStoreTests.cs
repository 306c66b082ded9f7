using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Store;

public sealed class RedisStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task Publish_ThenServeFromRedis_ProfilesEqualTheMemoryStoreUnderThePublishedVersion()
    {
        await using var memory = await ServedRun.StartAsync();
        var version = await PatronServer.PublishAsync(new ServeOptions { RunFolder = memory.Folder, Store = redis.Store });
        Assert.Equal(memory.Holder.Current!.Version, version);

        await using var fromRedis = await ServedRun.StartAsync(o => o with { Store = redis.Store });
        foreach (var id in new[] { "C0000001", "C0000002", "C0000150" })
        {
            var expected = await memory.Client.GetByteArrayAsync(new Uri("/api/customers/" + id, UriKind.Relative));
            using var response = await fromRedis.Client.GetAsync(new Uri("/api/customers/" + id, UriKind.Relative));
            Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(version, response.Headers.GetValues("X-Patron-Run").Single());
        }

        var (status, problem) = await Json.GetAsync(fromRedis.Client, "/api/customers/NOPE");
        Assert.Equal(404, status);
        Assert.True(Json.IsProblem(problem, 404));
        var (_, ready) = await Json.GetAsync(fromRedis.Client, "/ready");
        Assert.Equal(redis.Store, ready.GetProperty("store").GetString());
    }

    [RedisFact]
    public async Task Publish_SecondRun_TwoInstancesServeTheNewVersionAfterTheFlip()
    {
        await using var first = await ServedRun.StartAsync(o => o with { Store = redis.Store });
        await using var second = await ServedRun.StartAsync(o => o with { Store = redis.Store });
        var versionA = await PatronServer.PublishAsync(new ServeOptions { RunFolder = first.Folder, Store = redis.Store });

        // Run B: the same customers under another run id.
        var runJson = Path.Combine(second.Folder, "run.json");
        await File.WriteAllTextAsync(runJson, (await File.ReadAllTextAsync(runJson)).Replace("\"run_id\": \"", "\"run_id\": \"b-", StringComparison.Ordinal));
        var versionB = await PatronServer.PublishAsync(new ServeOptions { RunFolder = second.Folder, Store = redis.Store });
        Assert.NotEqual(versionA, versionB);

        // The pointer is read again at most once a second: bounded wait of 30 s for both instances.
        foreach (var served in new[] { first, second })
        {
            var header = "";
            for (var i = 0; i < 300 && header != versionB; i++)
            {
                using var response = await served.Client.GetAsync(new Uri("/api/customers/C0000001", UriKind.Relative));
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
                header = response.Headers.GetValues("X-Patron-Run").Single();
                Assert.True(header == versionA || header == versionB, header);
                if (header != versionB)
                {
                    await Task.Delay(100);
                }
            }

            Assert.Equal(versionB, header);
        }
    }
}
