using Patron.Server.Hosting;
using Patron.Server.Store;
using Patron.Server.Tests.Support;
using StackExchange.Redis;

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
    public async Task PublishAndServe_OverTheUnixSocket_ProfilesEqualTheMemoryStore()
    {
        await using var memory = await ServedRun.StartAsync();
        var version = await PatronServer.PublishAsync(new ServeOptions { RunFolder = memory.Folder, Store = redis.SocketStore });

        await using var fromRedis = await ServedRun.StartAsync(o => o with { Store = redis.SocketStore });
        foreach (var id in new[] { "C0000001", "C0000150" })
        {
            var expected = await memory.Client.GetByteArrayAsync(new Uri("/api/customers/" + id, UriKind.Relative));
            using var response = await fromRedis.Client.GetAsync(new Uri("/api/customers/" + id, UriKind.Relative));
            Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(version, response.Headers.GetValues("X-Patron-Run").Single());
        }

        var (status, _) = await Json.GetAsync(fromRedis.Client, "/api/customers/NOPE");
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Get_SocketMissing_503ProblemNotAFault()
    {
        using var temp = new TempFolder();
        await using var served = await ServedRun.StartAsync(o => o with { Store = "unix://" + temp.File("none.sock") });

        var (status, problem) = await Json.GetAsync(served.Client, "/api/customers/C0000001");

        Assert.Equal(503, status);
        Assert.True(Json.IsProblem(problem, 503));
    }

    [Fact]
    public async Task Get_RedisUnreachable_503ProblemNotAFault()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var served = await ServedRun.StartAsync(o => o with { Store = $"redis://127.0.0.1:{port}" });

        var (status, problem) = await Json.GetAsync(served.Client, "/api/customers/C0000001");

        Assert.Equal(503, status);
        Assert.True(Json.IsProblem(problem, 503));
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

    [RedisFact]
    public async Task Publish_FourRuns_KeepsTheCurrentAndPreviousVersionAndDeletesTheOlderOnesKeys()
    {
        using var temp = new TempFolder();
        var folder = temp.Folder("run");
        ServedRun.CopyFolder(ServedRun.DemoRun, folder);
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys.Endpoint(redis.Store));
        await Flush(connection);
        var versions = new List<string>();
        PublishResult? last = null;
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            RenameRun(folder, name);
            last = await RunPublisher.PublishAsync(folder, redis.Store);
            versions.Add(last.Version);
        }

        Assert.Equal(4, versions.Distinct().Count());
        var customers = RunLoader.Load(folder).Customers.Count;
        var db = connection.GetDatabase();
        Assert.Equal(versions[3], (string?)await db.StringGetAsync(RedisKeys.Current));
        Assert.Equal([versions[3], versions[2]], (await db.ListRangeAsync(RedisKeys.Runs)).Select(v => (string?)v));
        Assert.Equal(0, await CountKeys(connection, versions[0]));
        Assert.Equal(0, await CountKeys(connection, versions[1]));
        Assert.Equal(customers + 1, await CountKeys(connection, versions[2]));
        Assert.Equal(customers + 1, await CountKeys(connection, versions[3]));

        // The third publish removed a (listed past the two kept); the fourth removed b alone.
        Assert.Equal([versions[1]], last!.RemovedVersions);
        Assert.Equal(customers + 1, last.KeysRemoved);
    }

    [RedisFact]
    public async Task RemoveOldVersions_PointerOnAnOldVersion_NeverDeletesTheVersionServed()
    {
        using var temp = new TempFolder();
        var folder = temp.Folder("run");
        ServedRun.CopyFolder(ServedRun.DemoRun, folder);
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys.Endpoint(redis.Store));
        await Flush(connection);
        var versions = new List<string>();
        foreach (var name in new[] { "a", "b" })
        {
            RenameRun(folder, name);
            versions.Add((await RunPublisher.PublishAsync(folder, redis.Store)).Version);
        }

        // An operator flips back to a, then a third run is written without its own flip (as if its publisher stopped
        // after listing it): the list is [c, b, a] and the pointer names a, the version instances serve.
        var db = connection.GetDatabase();
        RenameRun(folder, "c");
        var c = RunLoader.Load(folder);
        await db.ListLeftPushAsync(RedisKeys.Runs, c.Version);
        await db.StringSetAsync(RedisKeys.Current, versions[0]);

        var (removed, keys) = await RedisPublisher.RemoveOldVersionsAsync(connection);

        Assert.Empty(removed);
        Assert.Equal(0, keys);
        Assert.True(await CountKeys(connection, versions[0]) > 0);
        await using var served = await ServedRun.StartAsync(o => o with { Store = redis.Store });
        using var response = await served.Client.GetAsync(new Uri("/api/customers/C0000001", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(versions[0], response.Headers.GetValues("X-Patron-Run").Single());
    }

    private static void RenameRun(string folder, string name)
    {
        var runJson = Path.Combine(folder, "run.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(runJson))!.AsObject();
        json["run_id"] = "run-" + name;
        File.WriteAllText(runJson, json.ToJsonString());
    }

    private static async Task Flush(IConnectionMultiplexer connection)
    {
        var db = connection.GetDatabase();
        foreach (var server in connection.GetServers())
        {
            await foreach (var key in server.KeysAsync(db.Database, "patron:*"))
            {
                await db.KeyDeleteAsync(key);
            }
        }
    }

    private static async Task<long> CountKeys(IConnectionMultiplexer connection, string version)
    {
        long count = 0;
        foreach (var server in connection.GetServers())
        {
            await foreach (var _ in server.KeysAsync(connection.GetDatabase().Database, RedisKeys.VersionPattern(version)))
            {
                count++;
            }
        }

        return count;
    }
}
