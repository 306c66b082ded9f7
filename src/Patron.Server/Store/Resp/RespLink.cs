using System.Buffers;
using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

namespace Patron.Server.Store.Resp;

/// <summary>One TCP connection to Redis carrying pipelined GETs: commands are queued in order and written in batches,
/// replies are read by one loop and matched to the queue in order. A GET queued while none is in flight is sent at once
/// by its caller; one queued while others wait for their replies joins the next batch, which the reader sends once it
/// has read the replies that arrived (so concurrent GETs share one write here and one read and one write in Redis).
/// Once broken (closed, failed or timed out) it fails every GET in flight and is replaced by the pool.</summary>
/// <remarks>Thread-safe. The lock is held only to queue or take an operation and to swap the write buffers. A value is
/// copied out of the read buffer into an array rented from the pool given (see <see cref="PooledBytes"/>); the reader
/// hands it to the GET's caller, or returns it itself when the GET is gone (cancelled, failed or never sent).</remarks>
internal sealed class RespLink : IDisposable
{
    private const int ReadBufferBytes = 64 * 1024;
    private static readonly byte[] GetHeader = "*2\r\n$3\r\nGET\r\n$"u8.ToArray();

    private readonly Socket _socket;
    private readonly ArrayPool<byte> _pool;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly Lock _gate = new();
    private readonly Queue<RespGetOperation> _pending = new();
    private readonly ITimer _watchdog;
    private ArrayBufferWriter<byte> _output = new(4096);
    private ArrayBufferWriter<byte> _spare = new(4096);
    private bool _sending;
    private int _unsent;
    private Exception? _failure;
    private int _readerThread;

    private RespLink(Socket socket, ArrayPool<byte> pool, TimeProvider time, TimeSpan timeout)
    {
        _socket = socket;
        _pool = pool;
        _time = time;
        _timeout = timeout;
        _watchdog = time.CreateTimer(static state => ((RespLink)state!).CheckTimeout(), this, timeout, TimeSpan.FromSeconds(1));
        _ = ReadLoopAsync();
    }

    /// <summary>True once the link failed; the pool then opens a new one.</summary>
    public bool Broken => Volatile.Read(ref _failure) is not null;

    /// <summary>The managed thread that ran the reader after its last receive (with inline socket completions, the thread
    /// polling this socket), or 0 before the first.</summary>
    public int ReaderThread => Volatile.Read(ref _readerThread);

    /// <summary>Connects to <paramref name="address"/> within <paramref name="timeout"/>.</summary>
    public static async Task<RespLink> ConnectAsync(RedisAddress address, ArrayPool<byte> pool, TimeProvider time, TimeSpan timeout)
    {
        // A Unix domain socket has no Nagle delay to turn off (and refuses the option).
        var socket = address.IsUnixSocket
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var cancel = new CancellationTokenSource(timeout, time);
            await socket.ConnectAsync(address.EndPoint, cancel.Token).ConfigureAwait(false);
            return new RespLink(socket, pool, time, timeout);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            throw new RedisStoreException($"Could not connect to Redis at {address}: {e.Message}", e);
        }
    }

    /// <summary>Queues <c>GET key</c>, the key being <paramref name="prefix"/> followed by <paramref name="suffix"/> in
    /// UTF-8, and sends it (with whatever else is queued) unless a send is in progress.</summary>
    public ValueTask<PooledBytes> GetAsync(ReadOnlySpan<byte> prefix, string suffix, CancellationToken cancellation)
    {
        var operation = new RespGetOperation(_time.GetTimestamp());
        operation.CancelWith(cancellation);
        var keyLength = prefix.Length + Encoding.UTF8.GetByteCount(suffix);
        bool send;
        lock (_gate)
        {
            if (_failure is { } failure)
            {
                operation.TrySetException(Unavailable(failure));
                return operation.Task;
            }

            // *2\r\n$3\r\nGET\r\n$<length>\r\n<key>\r\n
            var span = _output.GetSpan(GetHeader.Length + 11 + 2 + keyLength + 2);
            GetHeader.CopyTo(span);
            var at = GetHeader.Length;
            Utf8Formatter.TryFormat(keyLength, span[at..], out var digits);
            at += digits;
            "\r\n"u8.CopyTo(span[at..]);
            at += 2;
            prefix.CopyTo(span[at..]);
            at += prefix.Length;
            at += Encoding.UTF8.GetBytes(suffix, span[at..]);
            "\r\n"u8.CopyTo(span[at..]);
            _output.Advance(at + 2);
            _pending.Enqueue(operation);
            _unsent++;

            // Sent now only when no GET waits for its reply; otherwise the reader sends it with the others queued
            // meanwhile, after the replies it is reading.
            send = !_sending && _pending.Count == _unsent;
            _sending |= send;
        }

        if (send)
        {
            _ = SendLoopAsync();
        }

        return operation.Task;
    }

    public void Dispose() => Fail(new ObjectDisposedException(nameof(RespLink)));

    // Runs on the caller's thread while the socket takes the bytes at once (the usual case): no hop to another thread.
    private async Task SendLoopAsync()
    {
        try
        {
            while (true)
            {
                ArrayBufferWriter<byte> batch;
                lock (_gate)
                {
                    if (_output.WrittenCount == 0 || _failure is not null)
                    {
                        _sending = false;
                        return;
                    }

                    batch = _output;
                    _output = _spare;
                    _spare = batch;
                    _unsent = 0;
                }

                var bytes = batch.WrittenMemory;
                while (bytes.Length > 0)
                {
                    bytes = bytes[await _socket.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false)..];
                }

                // The batch becomes the spare again only here, under the lock, after it is sent.
                lock (_gate)
                {
                    batch.ResetWrittenCount();
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Fail(e);
        }
    }

    private async Task ReadLoopAsync()
    {
        var home = new byte[ReadBufferBytes];
        var buffer = home;
        var parsed = new List<(PooledBytes Value, Exception? Error)>(64);
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    buffer = Room(buffer, ref start, ref end);
                }

                var read = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new RedisStoreException("Redis closed the connection.");
                }

                end += read;
                if (_readerThread != Environment.CurrentManagedThreadId)
                {
                    Volatile.Write(ref _readerThread, Environment.CurrentManagedThreadId);
                }

                // Every complete reply read is parsed first, then the GETs queued meanwhile are sent, and only then
                // are the parsed replies handed to their requests: Redis works on the next batch while the requests
                // continue here (with --inline-io, writing their answers on this thread).
                while (start < end)
                {
                    var kind = RespReply.TryRead(buffer.AsSpan(start, end - start), out var consumed, out var range);
                    if (kind == RespReply.Kind.Incomplete)
                    {
                        break;
                    }

                    var reply = buffer.AsSpan(start, end - start);
                    var (value, error) = kind switch
                    {
                        RespReply.Kind.Bulk => (PooledBytes.Copy(reply[range], _pool), null),
                        RespReply.Kind.Error => (default(PooledBytes), new RedisStoreException("Redis answered a GET with an error: " + Encoding.UTF8.GetString(reply[range]))),
                        _ => (default, null),
                    };
                    start += consumed;
                    parsed.Add((value, error));
                }

                if (parsed.Count > 0)
                {
                    SendQueued();
                    for (var i = 0; i < parsed.Count; i++)
                    {
                        try
                        {
                            Complete(parsed[i].Value, parsed[i].Error);
                        }
                        catch (RedisStoreException)
                        {
                            // A reply to no command: the link fails; the values after it go back to the pool.
                            for (var j = i + 1; j < parsed.Count; j++)
                            {
                                parsed[j].Value.Return();
                            }

                            throw;
                        }
                    }

                    parsed.Clear();
                }

                SendQueued();
                if (start == end)
                {
                    // A buffer grown for a large value is dropped once it is read: the link keeps 64 KiB, not its
                    // largest value.
                    start = end = 0;
                    buffer = home;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or RedisStoreException)
        {
            Fail(e);
        }
    }

    // The reader's turn to send: the GETs queued while replies were awaited go out as one batch.
    private void SendQueued()
    {
        lock (_gate)
        {
            if (_sending || _unsent == 0 || _failure is not null)
            {
                return;
            }

            _sending = true;
        }

        _ = SendLoopAsync();
    }

    // Makes room at the end of a full buffer: moves the unread bytes to the front, and grows it when a reply (a large
    // value) needs more than it holds.
    private static byte[] Room(byte[] buffer, ref int start, ref int end)
    {
        var unread = end - start;
        var needed = Math.Max(unread + 1, RespReply.Needed(buffer.AsSpan(start, unread)));
        var target = needed > buffer.Length ? new byte[Math.Max(needed, buffer.Length * 2)] : buffer;
        buffer.AsSpan(start, unread).CopyTo(target);
        start = 0;
        end = unread;
        return target;
    }

    // Hands the value to its GET, or returns it to the pool when the GET is gone.
    private void Complete(PooledBytes value, Exception? error)
    {
        RespGetOperation? operation;
        lock (_gate)
        {
            _pending.TryDequeue(out operation);
        }

        if (operation is null)
        {
            // The link failed meanwhile (its GETs were failed) or Redis answered more than was asked.
            value.Return();
            if (Broken)
            {
                return;
            }

            throw new RedisStoreException("Redis sent a reply to no command.");
        }

        // Outside the lock: the awaiting request continues here and may queue its next GET on this link.
        if (error is not null)
        {
            operation.TrySetException(error);
        }
        else if (!operation.TrySetResult(value))
        {
            value.Return();
        }
    }

    private void CheckTimeout()
    {
        bool late;
        lock (_gate)
        {
            late = _pending.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.Started) > _timeout;
        }

        if (late)
        {
            Fail(new TimeoutException($"Redis did not answer a GET within {_timeout.TotalSeconds:0.#} s."));
        }
    }

    private void Fail(Exception error)
    {
        RespGetOperation[] pending;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = error;
            pending = [.. _pending];
            _pending.Clear();
        }

        _watchdog.Dispose();
        _socket.Dispose();
        foreach (var operation in pending)
        {
            operation.TrySetException(Unavailable(error));
        }
    }

    private static RedisStoreException Unavailable(Exception error) =>
        error as RedisStoreException ?? new RedisStoreException("The connection to Redis failed: " + error.Message, error);
}
