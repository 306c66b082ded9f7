using System.Buffers;

namespace Patron.Server.Tests.Support;

/// <summary>An array pool that checks its callers: every array it rents is new and known until returned; a return of an
/// array it did not rent, or of one already returned, is counted as a fault; a returned array is overwritten with
/// 0xEE at once and never rented again, so a reader still using it after its return sees poison, not its value.</summary>
public sealed class TrackingPool : ArrayPool<byte>
{
    public const byte Poison = 0xEE;
    private readonly HashSet<byte[]> _out = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();
    private long _rented;
    private long _faults;

    /// <summary>Arrays rented and not yet returned.</summary>
    public int Outstanding
    {
        get
        {
            lock (_gate)
            {
                return _out.Count;
            }
        }
    }

    /// <summary>Arrays rented in all.</summary>
    public long Rented => Interlocked.Read(ref _rented);

    /// <summary>Returns of an array not rented here or returned before.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    public override byte[] Rent(int minimumLength)
    {
        var array = new byte[minimumLength + 3];
        lock (_gate)
        {
            _out.Add(array);
        }

        Interlocked.Increment(ref _rented);
        return array;
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        ArgumentNullException.ThrowIfNull(array);
        lock (_gate)
        {
            if (!_out.Remove(array))
            {
                Interlocked.Increment(ref _faults);
                return;
            }
        }

        array.AsSpan().Fill(Poison);
    }

    /// <summary>Waits (bounded, 10 s) until no array is outstanding, for replies a reader drops after the test's
    /// requests ended; true when none is.</summary>
    public async Task<bool> DrainedAsync()
    {
        for (var i = 0; i < 200 && Outstanding > 0; i++)
        {
            await Task.Delay(50);
        }

        return Outstanding == 0;
    }
}
