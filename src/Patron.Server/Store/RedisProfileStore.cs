using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Patron.Server.Store.Resp;
using StackExchange.Redis;

namespace Patron.Server.Store;

/// <summary>Profiles read from Redis under the version the pointer names, so every instance behind a load balancer
/// answers from the same published run. The pointer is read again at most once a second.</summary>
/// <remarks>Thread-safe. Reads go through <see cref="RespGetClient"/> (pipelined connections, one per socket thread with
/// inline I/O, the key written straight into the command from the version's cached prefix); writes through
/// StackExchange.Redis. Lists, scoring and model cards still come from the run folder the instance loaded.</remarks>
internal sealed class RedisProfileStore : IProfileStore, IDisposable
{
    private static readonly TimeSpan PointerAge = TimeSpan.FromSeconds(1);
    private static readonly byte[] CurrentKey = Encoding.UTF8.GetBytes(RedisKeys.Current);

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);
    private readonly ConnectionMultiplexer _connection;
    private readonly RespGetClient _reads;
    private readonly TimeProvider _time;
    private volatile Pointer? _pointer;

    /// <param name="store">The <c>redis://HOST:PORT</c> or <c>unix:///PATH</c> argument.</param>
    /// <param name="time">The clock of the pointer's age and the reads' timeouts.</param>
    /// <param name="pool">Where the profiles read are rented (<see cref="ArrayPool{T}.Shared"/> when null).</param>
    /// <param name="readConnections">Connections the reads are spread over (<see cref="ReadConnections"/>).</param>
    public RedisProfileStore(string store, TimeProvider time, ArrayPool<byte>? pool = null, int readConnections = 1)
    {
        Name = store;
        _time = time;
        var address = RedisAddress.Parse(store);
        var options = address.Configuration();
        options.AbortOnConnectFail = false;
        _connection = ConnectionMultiplexer.Connect(options);
        _reads = new RespGetClient(address, readConnections, ReadTimeout, time, pool);
        _reads.Open();
    }

    /// <summary>The read connections for an instance: one per socket thread with inline socket completions
    /// (<c>--inline-io</c>), each request reading over the connection polled by its own thread; else one, whose
    /// concurrent GETs share its writes and Redis's reads (docs/serving.md, "Store layout (Redis)").</summary>
    public static int ReadConnections(bool inlineIo) => inlineIo ? Environment.ProcessorCount : 1;

    public string Name { get; }

    // The state machine of a read that waits for Redis (every one) comes from a pool instead of being allocated: the
    // caller awaits the ValueTask once, as the interface requires.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<StoredProfile?> GetAsync(RunSnapshot snapshot, string id, CancellationToken cancellation)
    {
        var pointer = _pointer;
        var now = _time.GetTimestamp();
        if (pointer is null || _time.GetElapsedTime(pointer.ReadAt, now) > PointerAge)
        {
            var current = await _reads.GetAsync(CurrentKey, "", cancellation).ConfigureAwait(false);
            try
            {
                pointer = current.Length > 0 ? Pointer.For(Encoding.UTF8.GetString(current.Span), now, pointer) : new Pointer(null, [], now);
            }
            finally
            {
                current.Return();
            }

            _pointer = pointer;
        }

        if (pointer.Version is null)
        {
            return null;
        }

        // The profile's array is rented: the request returns it once the answer is written.
        var value = await _reads.GetAsync(pointer.CustomerPrefix, id, cancellation).ConfigureAwait(false);
        return value.Exists ? new StoredProfile(value, pointer.Version) : null;
    }

    /// <summary>Writes a live profile under the version every instance serves, so each of them answers it at once.</summary>
    public async Task WriteThroughAsync(string id, byte[] json)
    {
        var database = _connection.GetDatabase();
        var current = await database.StringGetAsync(RedisKeys.Current).ConfigureAwait(false);
        if (!current.IsNullOrEmpty)
        {
            await database.StringSetAsync(RedisKeys.Customer(current.ToString(), id), json).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _reads.Dispose();
        _connection.Dispose();
    }

    /// <summary>The version served, with the UTF-8 key prefix of its customers, as read at <paramref name="ReadAt"/>.</summary>
    private sealed record Pointer(string? Version, byte[] CustomerPrefix, long ReadAt)
    {
        // The prefix is encoded once a version, not once a request.
        public static Pointer For(string version, long readAt, Pointer? previous) =>
            previous?.Version == version
                ? previous with { ReadAt = readAt }
                : new Pointer(version, Encoding.UTF8.GetBytes(RedisKeys.CustomerPrefix(version)), readAt);
    }
}
