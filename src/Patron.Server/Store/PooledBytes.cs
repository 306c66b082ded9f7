using System.Buffers;

namespace Patron.Server.Store;

/// <summary>Bytes held in an array that is either rented from a pool (a profile read from Redis, written for one
/// answer) or shared (a live profile kept for many answers). The one holder returns it with <see cref="Return"/> once,
/// after its last read of the bytes; a shared array is never returned.</summary>
/// <remarks>A copy of the struct is the same lease: only one of the copies may be returned. An array never returned is
/// not lost, only collected by the GC instead of being reused.</remarks>
internal readonly struct PooledBytes
{
    /// <summary>Values longer than this are not rented but allocated: a rare huge value should not stay in the pool's
    /// buckets (which keep arrays per core and per thread) after it was answered.</summary>
    public const int MaxRented = 1024 * 1024;

    private readonly byte[]? _array;
    private readonly int _length;
    private readonly ArrayPool<byte>? _pool;

    private PooledBytes(byte[] array, int length, ArrayPool<byte>? pool)
    {
        _array = array;
        _length = length;
        _pool = pool;
    }

    /// <summary>False for the default value, which stands for "no value" (a missing key).</summary>
    public bool Exists => _array is not null;

    public int Length => _length;

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, _length);

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _length);

    /// <summary>True when <see cref="Return"/> gives the array back to a pool.</summary>
    public bool IsRented => _pool is not null;

    /// <summary>Bytes that belong to no pool (kept and answered many times).</summary>
    public static PooledBytes Shared(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new PooledBytes(bytes, bytes.Length, null);
    }

    /// <summary>A copy of <paramref name="bytes"/> in an array rented from <paramref name="pool"/> (allocated when empty or
    /// longer than <see cref="MaxRented"/>).</summary>
    public static PooledBytes Copy(ReadOnlySpan<byte> bytes, ArrayPool<byte> pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (bytes.IsEmpty)
        {
            return new PooledBytes([], 0, null);
        }

        if (bytes.Length > MaxRented)
        {
            return new PooledBytes(bytes.ToArray(), bytes.Length, null);
        }

        var array = pool.Rent(bytes.Length);
        bytes.CopyTo(array);
        return new PooledBytes(array, bytes.Length, pool);
    }

    /// <summary>Gives a rented array back to its pool; nothing for shared bytes or no value. Call once, after the last
    /// read.</summary>
    public void Return()
    {
        if (_pool is not null)
        {
            _pool.Return(_array!);
        }
    }
}
