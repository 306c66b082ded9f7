using System.Collections.Concurrent;
using Patron.Server.Contracts;

namespace Patron.Server.Live;

/// <summary>The state of the batches posted since the server started (and of the journal's records it applied at its
/// start), for <c>GET /api/events/{batch}</c>: the most recent <see cref="Limit"/> are held; an older batch, or one the
/// warehouse held before the start, is known only as stored. Thread-safe.</summary>
internal sealed class EventBatches
{
    /// <summary>Batches held with their details.</summary>
    public const int Limit = 200_000;

    private readonly ConcurrentDictionary<long, EventBatchState> _states = new();
    private readonly ConcurrentQueue<long> _order = new();
    private long _stored;

    /// <summary>The last sequence the warehouse holds (every batch up to it is stored or refused).</summary>
    public long Stored => Interlocked.Read(ref _stored);

    public void Accepted(long sequence, int orders, int customers, int sessions)
    {
        _states[sequence] = new EventBatchState(sequence, "accepted", orders, customers, sessions, false, null, null);
        _order.Enqueue(sequence);
        while (_order.Count > Limit && _order.TryDequeue(out var old))
        {
            _states.TryRemove(old, out _);
        }
    }

    public void Settled(long sequence, IReadOnlyList<EventFinding> findings, bool alreadyReceived) =>
        _states.AddOrUpdate(sequence,
            s => new EventBatchState(s, "stored", null, null, null, alreadyReceived, findings, null),
            (_, was) => was with { Status = "stored", Findings = findings, AlreadyReceived = alreadyReceived });

    public void Refused(long sequence, string error) =>
        _states.AddOrUpdate(sequence,
            s => new EventBatchState(s, "refused", null, null, null, false, null, error),
            (_, was) => was with { Status = "refused", Error = error });

    /// <summary>Notes that the warehouse holds every batch up to <paramref name="sequence"/>.</summary>
    public void StoredUpTo(long sequence)
    {
        var seen = Interlocked.Read(ref _stored);
        while (sequence > seen)
        {
            var was = Interlocked.CompareExchange(ref _stored, sequence, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    /// <summary>The state of batch <paramref name="sequence"/>, or null when no batch of that number was accepted
    /// (<paramref name="last"/> is the journal's last sequence).</summary>
    public EventBatchState? Find(long sequence, long last)
    {
        if (sequence < 1 || sequence > last)
        {
            return null;
        }

        if (_states.TryGetValue(sequence, out var state))
        {
            return state;
        }

        return new EventBatchState(sequence, sequence <= Stored ? "stored" : "accepted", null, null, null, false, null, null);
    }
}
