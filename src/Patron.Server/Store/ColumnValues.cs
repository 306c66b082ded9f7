namespace Patron.Server.Store;

/// <summary>One value of <typeparamref name="T"/> per customer: an array on the heap, or a region of profiles.bin
/// mapped into the process (<see cref="ProfileFileMapping"/>), so a large run is served from the page cache without
/// its columns being copied at startup.</summary>
/// <remarks>Immutable; thread-safe for reading. A mapped column keeps its mapping reachable, so the mapping outlives
/// every snapshot (and request) that reads it.</remarks>
internal sealed class ColumnValues<T>
    where T : unmanaged
{
    private readonly T[]? _array;
    private readonly ProfileFileMapping? _mapping;
    private readonly long _offset;

    private ColumnValues(T[]? array, ProfileFileMapping? mapping, long offset, int length)
    {
        _array = array;
        _mapping = mapping;
        _offset = offset;
        Length = length;
    }

    /// <summary>Rows held.</summary>
    public int Length { get; }

    /// <summary>Bytes of the managed heap the column holds (0 when mapped).</summary>
    public unsafe long HeapBytes => _array is null ? 0 : _array.LongLength * sizeof(T);

    /// <summary>Bytes of the mapped file the column covers (0 when on the heap).</summary>
    public unsafe long MappedBytes => _array is null ? Length * (long)sizeof(T) : 0;

    /// <summary>The value of <paramref name="row"/>.</summary>
    public unsafe T this[int row]
    {
        get
        {
            if (_array is { } array)
            {
                return array[row];
            }

            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Length, nameof(row));
            return _mapping!.Read<T>(_offset + (row * (long)sizeof(T)));
        }
    }

    /// <summary>A column over an array (kept, not copied).</summary>
    public static ColumnValues<T> Of(T[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new ColumnValues<T>(values, null, 0, values.Length);
    }

    /// <summary>A column of <paramref name="length"/> values at byte <paramref name="offset"/> of a mapped file.</summary>
    /// <exception cref="InvalidDataException">The region runs past the end of the file.</exception>
    public static ColumnValues<T> Mapped(ProfileFileMapping mapping, long offset, int length)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        _ = mapping.Span<T>(offset, length);
        return new ColumnValues<T>(null, mapping, offset, length);
    }

    /// <summary>Calls <paramref name="action"/> with all values as one span (the mapping is kept reachable meanwhile).</summary>
    public void Scan<TState>(ref TState state, ScanAction<TState> action)
        where TState : allows ref struct
    {
        if (_array is { } array)
        {
            action(array, ref state);
            return;
        }

        action(_mapping!.Span<T>(_offset, Length), ref state);
        GC.KeepAlive(_mapping);
    }

    /// <summary>Receives a column's values.</summary>
    public delegate void ScanAction<TState>(ReadOnlySpan<T> values, ref TState state)
        where TState : allows ref struct;
}
