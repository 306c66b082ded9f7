using StackExchange.Redis;

namespace Patron.Server.Store;

/// <summary>Profiles read from Redis under the version the pointer names, so every instance behind a load balancer
/// answers from the same published run. The pointer is read again at most once a second.</summary>
/// <remarks>Thread-safe. Lists, scoring and model cards still come from the run folder the instance loaded.</remarks>
internal sealed class RedisProfileStore : IProfileStore, IDisposable
{
    private static readonly TimeSpan PointerAge = TimeSpan.FromSeconds(1);
    private readonly ConnectionMultiplexer _connection;
    private readonly TimeProvider _time;
    private volatile Pointer? _pointer;

    public RedisProfileStore(string store, TimeProvider time)
    {
        Name = store;
        _time = time;
        var options = ConfigurationOptions.Parse(RedisKeys.Endpoint(store));
        options.AbortOnConnectFail = false;
        _connection = ConnectionMultiplexer.Connect(options);
    }

    public string Name { get; }

    public async ValueTask<StoredProfile?> GetAsync(RunSnapshot snapshot, string id, CancellationToken cancellation)
    {
        var database = _connection.GetDatabase();
        var pointer = _pointer;
        var now = _time.GetTimestamp();
        if (pointer is null || _time.GetElapsedTime(pointer.ReadAt, now) > PointerAge)
        {
            var current = await database.StringGetAsync(RedisKeys.Current).ConfigureAwait(false);
            pointer = new Pointer(current.IsNullOrEmpty ? null : current.ToString(), now);
            _pointer = pointer;
        }

        if (pointer.Version is null)
        {
            return null;
        }

        var value = await database.StringGetAsync(RedisKeys.Customer(pointer.Version, id)).ConfigureAwait(false);
        return value.IsNull ? null : new StoredProfile((byte[])value!, pointer.Version);
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

    public void Dispose() => _connection.Dispose();

    private sealed record Pointer(string? Version, long ReadAt);
}
