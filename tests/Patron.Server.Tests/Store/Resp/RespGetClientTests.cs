using System.Text;
using Patron.Server.Store.Resp;
using Patron.Server.Tests.Support;
using StackExchange.Redis;

namespace Patron.Server.Tests.Store.Resp;

/// <summary>The read path's own GET client against a real redis-server. Every client rents from a
/// <see cref="TrackingPool"/>: each test ends with every value's array returned exactly once (values are read before
/// their return, so an array returned while still used would show the pool's poison).</summary>
public sealed class RespGetClientTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly byte[] Prefix = "resp-test:"u8.ToArray();
    private readonly TrackingPool _pool = new();

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

        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString((await Get(client, "small", CancellationToken.None))!));
        Assert.Empty((await Get(client, "empty", CancellationToken.None))!);
        Assert.Equal(large, await Get(client, "large", CancellationToken.None));
        Assert.Equal("unicode", Encoding.UTF8.GetString((await Get(client, "é 客户\r\n", CancellationToken.None))!));
        Assert.Null(await Get(client, "missing", CancellationToken.None));

        // The small value was rented; the empty one and the one over PooledBytes.MaxRented were not.
        Assert.Equal(2, _pool.Rented);
        await AssertAllReturned();
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
            if (k < keys ? !value.Exists || !value.Span.SequenceEqual(Value(k)) : value.Exists)
            {
                Interlocked.Increment(ref failures);
            }

            // Returned and poisoned at once: a later GET given this array while its reader still filled it, or a
            // value handed out twice, would fail the comparisons of other GETs.
            value.Return();
        });

        Assert.Equal(0, failures);
        Assert.True(_pool.Rented > 15_000, "values were not rented");
        await AssertAllReturned();
    }

    [RedisFact]
    public async Task GetAsync_OverTheUnixSocket_ValuesAsStoredOnAConnectionRedisSeesOnTheSocket()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        var db = connection.GetDatabase();
        const int keys = 300;
        for (var k = 0; k < keys; k++)
        {
            await db.StringSetAsync("resp-test:u" + k, Value(k));
        }

        using var client = RespGetClient.ForStore(redis.SocketStore, 1, TimeSpan.FromSeconds(10), TimeProvider.System, _pool);
        Assert.Null(await Get(client, "missing", CancellationToken.None));
        var failures = 0;
        await Parallel.ForAsync(0, 5_000, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var k = i * 7919 % (keys + 30);
            var value = await client.GetAsync(Prefix, "u" + k, CancellationToken.None);
            if (k < keys ? !value.Exists || !value.Span.SequenceEqual(Value(k)) : value.Exists)
            {
                Interlocked.Increment(ref failures);
            }

            value.Return();
        });

        Assert.Equal(0, failures);

        // Redis lists a client connected on its socket with the socket's path as its local address.
        var clients = (string)(await db.ExecuteAsync("CLIENT", "LIST"))!;
        var socketPath = redis.SocketStore["unix://".Length..];
        Assert.Contains("laddr=" + socketPath, clients, StringComparison.Ordinal);
        await AssertAllReturned();
    }

    [RedisFact]
    public async Task GetAsync_ConcurrentGetsOnOneConnection_SharedReadsInRedis()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        var db = connection.GetDatabase();
        for (var k = 0; k < 100; k++)
        {
            await db.StringSetAsync("resp-test:b" + k, "value " + k);
        }

        using var client = Client(connections: 1);
        Assert.Equal("value 0", Encoding.UTF8.GetString((await Get(client, "b0", CancellationToken.None))!));
        var (reads0, commands0) = await Stats(db);
        const int gets = 4_000;
        var failures = 0;
        await Parallel.ForAsync(0, gets, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var k = i % 100;
            var value = await client.GetAsync(Prefix, "b" + k, CancellationToken.None);
            if (!value.Exists || Encoding.UTF8.GetString(value.Span) != "value " + k)
            {
                Interlocked.Increment(ref failures);
            }

            value.Return();
        });
        var (reads1, commands1) = await Stats(db);

        // GETs queued while others awaited their replies went out together: Redis read them in far fewer reads than
        // commands (one read a GET when each is sent alone). The INFO calls add a read and a command each.
        Assert.Equal(0, failures);
        Assert.True(commands1 - commands0 >= gets, $"{commands1 - commands0} commands");
        Assert.True(reads1 - reads0 < gets / 2, $"{reads1 - reads0} reads for {commands1 - commands0} commands");
        await AssertAllReturned();
    }

    [RedisFact]
    public async Task Open_BeforeAnyGet_EveryConnectionIsOpen()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        var db = connection.GetDatabase();
        var before = await Clients(db);
        using var client = Client(connections: 3);
        Assert.Equal(before, await Clients(db));

        client.Open();

        // Bounded wait: 20 s at most on a busy machine.
        var opened = 0;
        for (var i = 0; i < 200 && opened < 3; i++)
        {
            await Task.Delay(100);
            opened = await Clients(db) - before;
        }

        Assert.Equal(3, opened);
        await AssertAllReturned();
    }

    [RedisFact]
    public async Task GetAsync_IssuedOnTheThreadReadingAConnection_SentOverThatConnection()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        var db = connection.GetDatabase();
        await db.StringSetAsync("resp-test:t", "thread");
        var before = await Clients(db);
        using var client = Client(connections: 2);
        client.Open();

        // Both open first (bounded: 20 s at most on a busy machine): a GET that has to open its connection continues
        // after the connect, not on a reader.
        for (var i = 0; i < 200 && await Clients(db) - before < 2; i++)
        {
            await Task.Delay(100);
        }

        var checkedOnReader = 0;
        for (var i = 0; i < 300; i++)
        {
            // Judged only when issued on a thread that reads a connection: the first GETs come from the test's own
            // thread, which takes the connections in turn and may find one still connecting (its reply then continues
            // wherever the connect finished).
            var issuer = Environment.CurrentManagedThreadId;
            var issuedOnReader = client.ReaderThreadOf(0) == issuer || client.ReaderThreadOf(1) == issuer;
            var get = client.GetAsync(Prefix, "t", CancellationToken.None);
            var waited = !get.IsCompleted && issuedOnReader;

            // Not back on the test's context: the code after the await runs on the thread that read the reply.
            var value = await get.ConfigureAwait(false);
            Assert.Equal("thread", Encoding.UTF8.GetString(value.Span));
            value.Return();
            if (waited)
            {
                // That thread runs a connection's reader, so a GET issued here goes over a connection it reads.
                var me = Environment.CurrentManagedThreadId;
                Assert.True(me == client.ReaderThreadOf(client.Pick()), $"iteration {i}: thread {me}, readers {client.ReaderThreadOf(0)} and {client.ReaderThreadOf(1)}");
                checkedOnReader++;
            }
        }

        Assert.True(checkedOnReader > 100, $"only {checkedOnReader} of 300 GETs waited for their reply");

        // A thread that reads no connection takes them in turn.
        var picks = new int[4];
        var other = new Thread(() =>
        {
            for (var i = 0; i < picks.Length; i++)
            {
                picks[i] = client.Pick();
            }
        });
        other.Start();
        other.Join();
        Assert.Equal(2, picks.Distinct().Count());
        Assert.NotEqual(picks[0], picks[1]);
        await AssertAllReturned();
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

        var error = await Assert.ThrowsAsync<RedisStoreException>(async () => await Get(client, "list", CancellationToken.None));

        Assert.Contains("WRONGTYPE", error.Message, StringComparison.Ordinal);
        Assert.Equal("ok", Encoding.UTF8.GetString((await Get(client, "after", CancellationToken.None))!));
        Assert.Equal(1, _pool.Rented);
        await AssertAllReturned();
    }

    [RedisFact]
    public async Task GetAsync_CancelledWhileRedisIsPaused_ThrowsAndTheLateReplyGoesToNoOne()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        var db = connection.GetDatabase();
        await db.StringSetAsync("resp-test:first", "1");
        await db.StringSetAsync("resp-test:second", "2");
        using var client = Client(connections: 1);
        Assert.NotNull(await Get(client, "first", CancellationToken.None));

        // Redis holds every client's commands for 1.5 s: the GET is on the wire and its reply comes late.
        await db.ExecuteAsync("CLIENT", "PAUSE", "1500", "ALL");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = Environment.TickCount64;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Get(client, "first", cancel.Token));
        Assert.True(Environment.TickCount64 - started < 1_400, "the cancellation waited for the reply");

        // The next GET gets its own value, not the dropped reply of the cancelled one, whose array the reader returned.
        var second = await client.GetAsync(Prefix, "second", CancellationToken.None);
        Assert.Equal("2", Encoding.UTF8.GetString(second.Span));
        Assert.Equal(1, _pool.Outstanding);
        second.Return();
        Assert.Equal(3, _pool.Rented);
        await AssertAllReturned();
    }

    [RedisFact]
    public async Task GetAsync_RedisSilentPastTheTimeout_FailsThenReconnects()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        var db = connection.GetDatabase();
        await db.StringSetAsync("resp-test:slow", "v");
        using var client = Client(connections: 1, timeout: TimeSpan.FromMilliseconds(300));
        Assert.NotNull(await Get(client, "slow", CancellationToken.None));

        await db.ExecuteAsync("CLIENT", "PAUSE", "2500", "ALL");
        var started = Environment.TickCount64;
        await Assert.ThrowsAsync<RedisStoreException>(async () => await Get(client, "slow", CancellationToken.None));
        Assert.True(Environment.TickCount64 - started < 2_400, "the timeout waited for the pause to end");

        Assert.Equal("v", Encoding.UTF8.GetString((await Eventually(client, "slow"))!));

        // The reply that came after the timeout went to a closed link: rented or not, nothing is left out.
        await AssertAllReturned();
    }

    [RedisFact]
    public async Task GetAsync_RedisRestarted_FailsWhileDownThenReconnects()
    {
        using var own = new RedisServer();
        using var client = Client(own, connections: 2);
        Assert.Null(await Get(client, "x", CancellationToken.None));
        Assert.Null(await Get(client, "x", CancellationToken.None));

        own.Restart();
        using (var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(own)))
        {
            await connection.GetDatabase().StringSetAsync("resp-test:x", "back");
        }

        // The first GETs on the dropped connections fail (Redis closed them); then both are opened again.
        Assert.Equal("back", Encoding.UTF8.GetString((await Eventually(client, "x"))!));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("back", Encoding.UTF8.GetString((await Get(client, "x", CancellationToken.None))!));
        }

        await AssertAllReturned();
    }

    [Fact]
    public async Task GetAsync_NothingListening_FailsWithRedisStoreException()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new RespGetClient(Patron.Server.Store.RedisAddress.Parse($"redis://127.0.0.1:{port}"), 1, TimeSpan.FromSeconds(2), TimeProvider.System, _pool);

        await Assert.ThrowsAsync<RedisStoreException>(async () => await Get(client, "x", CancellationToken.None));
        await Assert.ThrowsAsync<RedisStoreException>(async () => await Get(client, "x", CancellationToken.None));
    }

    [RedisFact]
    public async Task GetAsync_ManyCancelledWhileRepliesArrive_EveryArrayReturnedOnceAndValuesIntact()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        var db = connection.GetDatabase();
        const int keys = 200;
        for (var k = 0; k < keys; k++)
        {
            await db.StringSetAsync("resp-test:x" + k, Value(k));
        }

        using var client = Client(connections: 2);
        var failures = 0;
        var cancelled = 0;
        await Parallel.ForAsync(0, 5_000, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            // Tokens cancelled from a few microseconds to a millisecond after the GET: some before it is sent, some
            // while the reply is read, some after.
            var k = i * 7919 % keys;
            using var cancel = new CancellationTokenSource();
            cancel.CancelAfter(TimeSpan.FromTicks(i % 11 * 1_000));
            try
            {
                var value = await client.GetAsync(Prefix, "x" + k, cancel.Token);
                if (!value.Span.SequenceEqual(Value(k)))
                {
                    Interlocked.Increment(ref failures);
                }

                value.Return();
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
            }
        });

        Assert.Equal(0, failures);
        Assert.True(cancelled > 0, "no GET was cancelled");
        await AssertAllReturned();
    }

    [RedisFact]
    public async Task GetAsync_LinkDisposedWithRepliesInFlight_NoArrayLeftOut()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(RedisKeys(redis));
        await connection.GetDatabase().StringSetAsync("resp-test:d", new string('d', 20_000));
        var client = Client(connections: 1);
        Assert.NotNull(await Get(client, "d", CancellationToken.None));
        var gets = Enumerable.Range(0, 2_000).Select(_ => client.GetAsync(Prefix, "d", CancellationToken.None).AsTask()).ToArray();
        client.Dispose();

        foreach (var get in gets)
        {
            try
            {
                var value = await get;
                Assert.Equal(20_000, value.Length);
                value.Return();
            }
            catch (Exception e) when (e is RedisStoreException or ObjectDisposedException)
            {
                // Failed with the link: its reply, if it came, was returned by the reader.
            }
        }

        await AssertAllReturned();
    }

    private async Task AssertAllReturned()
    {
        Assert.True(await _pool.DrainedAsync(), $"{_pool.Outstanding} arrays never returned");
        Assert.Equal(0, _pool.Faults);
    }

    // The value copied out, its array returned.
    private static async Task<byte[]?> Get(RespGetClient client, string key, CancellationToken cancellation)
    {
        var value = await client.GetAsync(Prefix, key, cancellation);
        try
        {
            return value.Exists ? value.Span.ToArray() : null;
        }
        finally
        {
            value.Return();
        }
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
                return await Get(client, key, CancellationToken.None);
            }
            catch (RedisStoreException) when (i < 100)
            {
                await Task.Delay(200);
            }
        }
    }

    // Admin commands (CLIENT PAUSE) allowed: the tests hold Redis silent.
    // Redis's counts of reads from its clients' sockets and of commands processed, from INFO stats.
    private static async Task<(long Reads, long Commands)> Stats(IDatabase db)
    {
        var info = (string)(await db.ExecuteAsync("INFO", "stats"))!;
        long Field(string name)
        {
            var at = info.IndexOf(name + ":", StringComparison.Ordinal) + name.Length + 1;
            var line = info.IndexOf('\r', at);
            return long.Parse(info.AsSpan(at, line - at), System.Globalization.CultureInfo.InvariantCulture);
        }

        return (Field("total_reads_processed"), Field("total_commands_processed"));
    }

    // Connections Redis has open (CLIENT LIST: one line each).
    private static async Task<int> Clients(IDatabase db) =>
        ((string)(await db.ExecuteAsync("CLIENT", "LIST"))!).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    private static string RedisKeys(RedisServer server) => Patron.Server.Store.RedisKeys.Endpoint(server.Store) + ",allowAdmin=true";

    private RespGetClient Client(int connections = 2, TimeSpan? timeout = null) => Client(redis, connections, timeout);

    private RespGetClient Client(RedisServer server, int connections, TimeSpan? timeout = null) =>
        RespGetClient.ForStore(server.Store, connections, timeout ?? TimeSpan.FromSeconds(10), TimeProvider.System, _pool);
}
