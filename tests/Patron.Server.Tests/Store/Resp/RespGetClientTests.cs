using System.Text;
using Patron.Server.Store.Resp;
using Patron.Server.Tests.Support;
using StackExchange.Redis;

namespace Patron.Server.Tests.Store.Resp;

/// <summary>The read path's own GET client against a real redis-server.</summary>
public sealed class RespGetClientTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly byte[] Prefix = "resp-test:"u8.ToArray();

    [RedisFact]
    public async Task GetAsync_SmallEmptyLargeUnicodeAndMissingKeys_ValuesAsStored()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        var db = connection.GetDatabase();
        var large = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(large);
        await db.StringSetAsync("resp-test:small", "{\"a\":1}");
        await db.StringSetAsync("resp-test:empty", Array.Empty<byte>());
        await db.StringSetAsync("resp-test:large", large);
        await db.StringSetAsync("resp-test:é 客户\r\n", "unicode");
        using var client = Client();

        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString((await client.GetAsync(Prefix, "small", CancellationToken.None))!));
        Assert.Empty((await client.GetAsync(Prefix, "empty", CancellationToken.None))!);
        Assert.Equal(large, await client.GetAsync(Prefix, "large", CancellationToken.None));
        Assert.Equal("unicode", Encoding.UTF8.GetString((await client.GetAsync(Prefix, "é 客户\r\n", CancellationToken.None))!));
        Assert.Null(await client.GetAsync(Prefix, "missing", CancellationToken.None));
    }

    [RedisFact]
    public async Task GetAsync_ThousandsConcurrentWithLargeValuesBetween_EachGetsItsOwnValue()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        var db = connection.GetDatabase();
        const int keys = 500;
        for (var k = 0; k < keys; k++)
        {
            // Every tenth value is larger than the client's read buffer, so replies are split across reads.
            await db.StringSetAsync("resp-test:c" + k, Value(k));
        }

        using var client = Client(connections: 3);
        var failures = 0;
        await Parallel.ForAsync(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            var k = i * 7919 % (keys + 50);
            var value = await client.GetAsync(Prefix, "c" + k, CancellationToken.None);
            if (k < keys ? value is null || !value.AsSpan().SequenceEqual(Value(k)) : value is not null)
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [RedisFact]
    public async Task GetAsync_ErrorReply_FailsThatGetAndTheConnectionServesTheNext()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        var db = connection.GetDatabase();
        await db.KeyDeleteAsync("resp-test:list");
        await db.ListLeftPushAsync("resp-test:list", "x");
        await db.StringSetAsync("resp-test:after", "ok");
        using var client = Client(connections: 1);

        var error = await Assert.ThrowsAsync<RedisStoreException>(async () => await client.GetAsync(Prefix, "list", CancellationToken.None));

        Assert.Contains("WRONGTYPE", error.Message, StringComparison.Ordinal);
        Assert.Equal("ok", Encoding.UTF8.GetString((await client.GetAsync(Prefix, "after", CancellationToken.None))!));
    }

    [RedisFact]
    public async Task GetAsync_CancelledWhileRedisIsPaused_ThrowsAndTheLateReplyGoesToNoOne()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        var db = connection.GetDatabase();
        await db.StringSetAsync("resp-test:first", "1");
        await db.StringSetAsync("resp-test:second", "2");
        using var client = Client(connections: 1);
        Assert.NotNull(await client.GetAsync(Prefix, "first", CancellationToken.None));

        // Redis holds every client's commands for 1.5 s: the GET is on the wire and its reply comes late.
        await db.ExecuteAsync("CLIENT", "PAUSE", "1500", "ALL");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = Environment.TickCount64;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await client.GetAsync(Prefix, "first", cancel.Token));
        Assert.True(Environment.TickCount64 - started < 1_400, "the cancellation waited for the reply");

        // The next GET gets its own value, not the dropped reply of the cancelled one.
        Assert.Equal("2", Encoding.UTF8.GetString((await client.GetAsync(Prefix, "second", CancellationToken.None))!));
    }

    [RedisFact]
    public async Task GetAsync_RedisSilentPastTheTimeout_FailsThenReconnects()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        var db = connection.GetDatabase();
        await db.StringSetAsync("resp-test:slow", "v");
        using var client = Client(connections: 1, timeout: TimeSpan.FromMilliseconds(300));
        Assert.NotNull(await client.GetAsync(Prefix, "slow", CancellationToken.None));

        await db.ExecuteAsync("CLIENT", "PAUSE", "2500", "ALL");
        var started = Environment.TickCount64;
        await Assert.ThrowsAsync<RedisStoreException>(async () => await client.GetAsync(Prefix, "slow", CancellationToken.None));
        Assert.True(Environment.TickCount64 - started < 2_400, "the timeout waited for the pause to end");

        Assert.Equal("v", Encoding.UTF8.GetString((await Eventually(client, "slow"))!));
    }

    [RedisFact]
    public async Task GetAsync_RedisRestarted_FailsWhileDownThenReconnects()
    {
        using var own = new RedisServer();
        using var client = Client(own, connections: 2);
        Assert.Null(await client.GetAsync(Prefix, "x", CancellationToken.None));
        Assert.Null(await client.GetAsync(Prefix, "x", CancellationToken.None));

        own.Restart();
        using (var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(own)))
        {
            await connection.GetDatabase().StringSetAsync("resp-test:x", "back");
        }

        // The first GETs on the dropped connections fail (Redis closed them); then both are opened again.
        Assert.Equal("back", Encoding.UTF8.GetString((await Eventually(client, "x"))!));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("back", Encoding.UTF8.GetString((await client.GetAsync(Prefix, "x", CancellationToken.None))!));
        }
    }

    [Fact]
    public async Task GetAsync_NothingListening_FailsWithRedisStoreException()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new RespGetClient("127.0.0.1", port, 1, TimeSpan.FromSeconds(2), TimeProvider.System);

        await Assert.ThrowsAsync<RedisStoreException>(async () => await client.GetAsync(Prefix, "x", CancellationToken.None));
        await Assert.ThrowsAsync<RedisStoreException>(async () => await client.GetAsync(Prefix, "x", CancellationToken.None));
    }

    private static byte[] Value(int k) =>
        Encoding.UTF8.GetBytes(k % 10 == 0 ? new string((char)('a' + k % 26), 70_000 + k) : "{\"customer\":" + k + "}");

    private static async Task<byte[]?> Eventually(RespGetClient client, string key)
    {
        // Bounded: 20 s at most on a busy machine.
        for (var i = 0; ; i++)
        {
            try
            {
                return await client.GetAsync(Prefix, key, CancellationToken.None);
            }
            catch (RedisStoreException) when (i < 100)
            {
                await Task.Delay(200);
            }
        }
    }

    // Admin commands (CLIENT PAUSE) allowed: the tests hold Redis silent.
    private static string RedisKeys(RedisServer server) => Patron.Server.Store.RedisKeys.Endpoint(server.Store) + ",allowAdmin=true";

    private RespGetClient Client(int connections = 2, TimeSpan? timeout = null) => Client(redis, connections, timeout);

    private static RespGetClient Client(RedisServer server, int connections, TimeSpan? timeout = null) =>
        RespGetClient.ForStore(server.Store, connections, timeout ?? TimeSpan.FromSeconds(10), TimeProvider.System);
}
