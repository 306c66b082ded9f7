using System.Threading.Tasks.Sources;

namespace Patron.Server.Store.Resp;

/// <summary>One GET in flight: completed once, by its reply, by the connection failing, or by the caller's
/// cancellation (its reply is then read and dropped, since replies arrive in command order).</summary>
/// <remarks>A value given to <see cref="TrySetResult"/> belongs to the awaiting caller when it returns true (the caller
/// returns its array to the pool); when it returns false (the GET was cancelled or failed first) it still belongs to
/// the reader, which returns it at once.</remarks>
/// <remarks>The awaiting code continues on the thread that completes the operation (the connection's reader for a
/// reply): the read path hops to no other thread. Callers must not block after the await.</remarks>
internal sealed class RespGetOperation : IValueTaskSource<PooledBytes>
{
    private ManualResetValueTaskSourceCore<PooledBytes> _core;
    private CancellationTokenRegistration _registration;
    private int _done;

    public RespGetOperation(long started)
    {
        Started = started;
    }

    /// <summary>When the command was queued (<see cref="TimeProvider"/> timestamp), for the connection's timeout.</summary>
    public long Started { get; }

    public ValueTask<PooledBytes> Task => new(this, _core.Version);

    public void CancelWith(CancellationToken cancellation)
    {
        if (cancellation.CanBeCanceled)
        {
            _registration = cancellation.UnsafeRegister(
                static (state, token) => ((RespGetOperation)state!).TrySetException(new OperationCanceledException(token)), this);
        }
    }

    public bool TrySetResult(PooledBytes value)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            return false;
        }

        _registration.Unregister();
        _core.SetResult(value);
        return true;
    }

    public bool TrySetException(Exception error)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0)
        {
            return false;
        }

        _registration.Unregister();
        _core.SetException(error);
        return true;
    }

    public PooledBytes GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
