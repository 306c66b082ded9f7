using System.Text;
using Microsoft.AspNetCore.Http;
using Patron.Server.Hosting;
using Patron.Server.Store;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Store;

/// <summary>A profile answer's rented bytes: returned once, and only after the response's writer is done with them.</summary>
public sealed class PooledAnswerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly byte[] Profile = Encoding.UTF8.GetBytes("{\"customer_id\":\"C0000001\",\"segment\":\"loyal\"}");

    [Fact]
    public async Task JsonBytesResult_WriteCompletesAtOnce_BodyAsGivenAndArrayReturnedOnce()
    {
        var pool = new TrackingPool();
        var (context, body) = Context(new MemoryStream());

        await new JsonBytesResult(PooledBytes.Copy(Profile, pool)).ExecuteAsync(context);

        Assert.Equal(Profile, body.ToArray());
        Assert.Equal(Profile.Length, context.Response.ContentLength);
        Assert.Equal(1, pool.Rented);
        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(0, pool.Faults);
    }

    [Fact]
    public async Task JsonBytesResult_WriteStillPending_ArrayKeptUntilItCompletes()
    {
        var pool = new TrackingPool();
        var slow = new HeldStream();
        var (context, _) = Context(slow);

        var execution = new JsonBytesResult(PooledBytes.Copy(Profile, pool)).ExecuteAsync(context);
        await slow.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The response's writer has not finished: the array is still the answer's, not the pool's.
        Assert.False(execution.IsCompleted);
        Assert.Equal(1, pool.Outstanding);
        slow.Release.SetResult();
        await execution.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Profile, slow.Written.ToArray());
        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(0, pool.Faults);
    }

    [Fact]
    public async Task JsonBytesResult_WriteFails_ArrayReturnedOnceAndTheErrorSurfaces()
    {
        var pool = new TrackingPool();
        var (context, _) = Context(new BrokenStream());

        await Assert.ThrowsAsync<IOException>(() => new JsonBytesResult(PooledBytes.Copy(Profile, pool)).ExecuteAsync(context));

        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(0, pool.Faults);
    }

    [Fact]
    public async Task JsonBytesResult_SharedBytes_NeverGivenToAPool()
    {
        var shared = Profile.ToArray();
        var (context, body) = Context(new MemoryStream());

        await new JsonBytesResult(PooledBytes.Shared(shared)).ExecuteAsync(context);
        await new JsonBytesResult(PooledBytes.Shared(shared)).ExecuteAsync(context);

        Assert.Equal(Profile.Concat(Profile), body.ToArray());
        Assert.Equal(Profile, shared);
    }

    [RedisFact]
    public async Task RedisProfileStore_ProfilesMissingIdsAndPointer_EveryArrayReturnedOnceAfterItsAnswer()
    {
        await using var memory = await ServedRun.StartAsync();
        await PatronServer.PublishAsync(new ServeOptions { RunFolder = memory.Folder, Store = redis.Store });
        var snapshot = memory.Holder.Current!;
        var pool = new TrackingPool();
        using var store = new RedisProfileStore(redis.Store, TimeProvider.System, pool);

        foreach (var id in new[] { "C0000001", "C0000002", "C0000150", "NOPE", "C0000001" })
        {
            var stored = await store.GetAsync(snapshot, id, CancellationToken.None);
            var row = snapshot.Customers.Ids.Find(id);
            if (row < 0)
            {
                Assert.Null(stored);
                continue;
            }

            // Written to a response as the endpoint does, which returns the array.
            Assert.True(stored!.Value.Json.IsRented);
            var (context, body) = Context(new MemoryStream());
            await new JsonBytesResult(stored.Value.Json).ExecuteAsync(context);
            Assert.Equal(ProfileJson.Write(snapshot, row), body.ToArray());
        }

        // Four profiles and the pointer, read once (within its second) or twice.
        Assert.InRange(pool.Rented, 5, 9);
        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(0, pool.Faults);
    }

    [RedisTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ProfileRoute_RedisStoreUnderConcurrentRequests_AnswersIntact(bool inlineIo)
    {
        await using var memory = await ServedRun.StartAsync();
        await PatronServer.PublishAsync(new ServeOptions { RunFolder = memory.Folder, Store = redis.Store });
        await using var fromRedis = await ServedRun.StartAsync(o => o with { Store = redis.Store, InlineIo = inlineIo }, kestrel: true);
        var ids = new[] { "C0000001", "C0000002", "C0000003", "C0000150", "C0000399" };
        var expected = new Dictionary<string, byte[]>();
        foreach (var id in ids)
        {
            expected[id] = await memory.Client.GetByteArrayAsync(new Uri("/api/customers/" + id, UriKind.Relative));
        }

        // Pooled arrays are reused at once by the next answer: one returned too early would show another's bytes.
        var failures = 0;
        await Parallel.ForAsync(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancel) =>
        {
            var id = ids[i % ids.Length];
            var answer = await fromRedis.Client.GetByteArrayAsync(new Uri("/api/customers/" + id, UriKind.Relative), cancel);
            if (!answer.AsSpan().SequenceEqual(expected[id]))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    private static (HttpContext Context, MemoryStream Body) Context(Stream body)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = body;
        return (context, body as MemoryStream ?? new MemoryStream());
    }

    // A response stream whose first write waits until the test releases it.
    private sealed class HeldStream : MemoryStream
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MemoryStream Written { get; } = new();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await Release.Task.ConfigureAwait(false);
            Written.Write(buffer.Span);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    private sealed class BrokenStream : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("The client went away."));

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException(new IOException("The client went away."));
    }
}
