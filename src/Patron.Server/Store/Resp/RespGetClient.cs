using System.Buffers;

namespace Patron.Server.Store.Resp;

/// <summary>A small RESP2 client for the one command the profile read path sends: GET. A few pipelined connections
/// are used in turn; a broken one is opened again by the next GET that picks it (at most one attempt a second while
/// Redis stays unreachable, the GETs in between failing at once).</summary>
/// <remarks>Thread-safe. Everything else (publishing, write-through, the version cleanup) goes through
/// StackExchange.Redis; this client exists because the read path is the one measured in requests per second
/// (docs/serving.md, "Redis store").</remarks>
internal sealed class RespGetClient : IDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private readonly Slot[] _slots;
    private readonly RedisAddress _address;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly ArrayPool<byte> _pool;
    private int _next;
    private bool _disposed;

    /// <param name="address">Where Redis listens (TCP or a Unix domain socket).</param>
    /// <param name="connections">How many connections the GETs are spread over.</param>
    /// <param name="timeout">How long a connect or a GET may take before the connection is dropped.</param>
    /// <param name="time">The clock of the timeouts and retries.</param>
    /// <param name="pool">Where the values' arrays are rented (<see cref="ArrayPool{T}.Shared"/> when null).</param>
    public RespGetClient(RedisAddress address, int connections, TimeSpan timeout, TimeProvider time, ArrayPool<byte>? pool = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        _pool = pool ?? ArrayPool<byte>.Shared;
        _address = address;
        _time = time;
        _timeout = timeout;
        _slots = new Slot[connections];
        for (var i = 0; i < connections; i++)
        {
            _slots[i] = new Slot();
        }
    }

    /// <summary>The client of a <c>redis://HOST:PORT</c> or <c>unix:///PATH</c> store argument.</summary>
    public static RespGetClient ForStore(string store, int connections, TimeSpan timeout, TimeProvider time, ArrayPool<byte>? pool = null) =>
        new(RedisAddress.Parse(store), connections, timeout, time, pool);

    /// <summary>The value of the key <paramref name="prefix"/> + <paramref name="suffix"/> (UTF-8), or no value
    /// (<see cref="PooledBytes.Exists"/> false) when the key does not exist. Fails with <see cref="RedisStoreException"/>
    /// when Redis cannot answer.</summary>
    /// <remarks>The value's array is rented from the client's pool: the caller returns it
    /// (<see cref="PooledBytes.Return"/>) once, after its last read.</remarks>
    public ValueTask<PooledBytes> GetAsync(ReadOnlySpan<byte> prefix, string suffix, CancellationToken cancellation)
    {
        var slot = _slots[Pick()];
        var link = Volatile.Read(ref slot.Link);
        return link is { Broken: false } ? link.GetAsync(prefix, suffix, cancellation) : ConnectThenGetAsync(slot, prefix.ToArray(), suffix, cancellation);
    }

    /// <summary>Opens every connection now rather than on its first GET: opened one after the other while nothing else
    /// opens sockets, they are polled by different socket threads of the runtime (which takes them in turn), so
    /// <see cref="Pick"/> finds one for each. A connection that fails to open is tried again by a GET.</summary>
    public void Open()
    {
        foreach (var slot in _slots)
        {
            _ = OpenAsync(slot).ContinueWith(
                static opening => opening.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    public void Dispose()
    {
        // A connect still running sees the flag and closes what it opened.
        lock (_slots)
        {
            _disposed = true;
        }

        foreach (var slot in _slots)
        {
            slot.Link?.Dispose();
        }
    }

    // The connection whose reader last ran on the calling thread, when there is one: with inline socket completions that
    // is the thread polling both the caller's HTTP connection and this Redis connection, so the GET, its reply and the
    // answer written stay on one thread, and a thread that waits for a core holds only its own requests. Otherwise
    // (no such connection, or one connection) the next in turn.
    internal int Pick()
    {
        var slots = _slots;
        if (slots.Length > 1)
        {
            var thread = Environment.CurrentManagedThreadId;
            for (var i = 0; i < slots.Length; i++)
            {
                if (Volatile.Read(ref slots[i].Link) is { } link && link.ReaderThread == thread)
                {
                    return i;
                }
            }
        }

        return (int)((uint)Interlocked.Increment(ref _next) % (uint)slots.Length);
    }

    /// <summary>The thread that last ran the reader of connection <paramref name="connection"/>, or 0 (none yet).</summary>
    internal int ReaderThreadOf(int connection) => Volatile.Read(ref _slots[connection].Link)?.ReaderThread ?? 0;

    private async ValueTask<PooledBytes> ConnectThenGetAsync(Slot slot, byte[] prefix, string suffix, CancellationToken cancellation)
    {
        var link = await OpenAsync(slot).WaitAsync(cancellation).ConfigureAwait(false);
        return await link.GetAsync(prefix, suffix, cancellation).ConfigureAwait(false);
    }

    // One connect at a time per slot; after a failed one, the GETs of the next second fail with its error at once.
    private Task<RespLink> OpenAsync(Slot slot)
    {
        lock (_slots)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (slot.Link is { Broken: false } live)
            {
                return Task.FromResult(live);
            }

            var opening = slot.Opening;
            var retry = opening is null || opening.IsCompletedSuccessfully
                || (opening.IsCompleted && _time.GetElapsedTime(slot.OpenedAt) > RetryAfter);
            if (retry)
            {
                slot.Link?.Dispose();
                slot.OpenedAt = _time.GetTimestamp();
                slot.Opening = opening = OpenLinkAsync(slot);
            }

            return opening!;
        }
    }

    private async Task<RespLink> OpenLinkAsync(Slot slot)
    {
        var link = await RespLink.ConnectAsync(_address, _pool, _time, _timeout).ConfigureAwait(false);
        lock (_slots)
        {
            if (_disposed)
            {
                link.Dispose();
                throw new ObjectDisposedException(nameof(RespGetClient));
            }

            Volatile.Write(ref slot.Link, link);
        }

        return link;
    }

    private sealed class Slot
    {
        public RespLink? Link;
        public Task<RespLink>? Opening;
        public long OpenedAt;
    }
}
