using System.IO.MemoryMappedFiles;

namespace Patron.Server.Store;

/// <summary>A column of float64 values, one per customer (NaN = missing): an array on the heap, or a region of
/// profiles.bin mapped into the address space, so a large run's features are served from the page cache without being
/// copied at startup.</summary>
/// <remarks>Immutable; thread-safe for reading. A mapped column keeps its view alive; the view is unmapped by its
/// finalizer once no snapshot refers to it, so a request still answering from a replaced snapshot keeps it valid. The
/// writer of profiles.bin replaces the file by a rename, never in place, so a mapped file does not change under the
/// server.</remarks>
internal sealed class NumberColumn
{
    private readonly double[]? _array;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly long _offset;

    private NumberColumn(double[]? array, MemoryMappedViewAccessor? view, long offset, int length)
    {
        _array = array;
        _view = view;
        _offset = offset;
        Length = length;
    }

    /// <summary>Rows held.</summary>
    public int Length { get; }

    /// <summary>Bytes of the managed heap the column holds (0 when mapped).</summary>
    public long HeapBytes => _array is null ? 0 : _array.LongLength * sizeof(double);

    /// <summary>Bytes of the mapped file the column covers (0 when on the heap).</summary>
    public long MappedBytes => _array is null ? Length * (long)sizeof(double) : 0;

    /// <summary>The value of <paramref name="row"/>.</summary>
    public double this[int row]
    {
        get
        {
            if (_array is { } array)
            {
                return array[row];
            }

            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Length, nameof(row));
            return _view!.ReadDouble(_offset + (row * (long)sizeof(double)));
        }
    }

    /// <summary>A column over an array (kept, not copied).</summary>
    public static NumberColumn Of(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new NumberColumn(values, null, 0, values.Length);
    }

    /// <summary>A column of <paramref name="length"/> float64 values at <paramref name="offset"/> of a mapped view.</summary>
    /// <exception cref="InvalidDataException">The region runs past the end of the view.</exception>
    public static NumberColumn Mapped(MemoryMappedViewAccessor view, long offset, int length)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (offset < 0 || length < 0 || offset + (length * (long)sizeof(double)) > view.Capacity)
        {
            throw new InvalidDataException($"A number column of {length} values at byte {offset} runs past the end of the file ({view.Capacity} bytes).");
        }

        return new NumberColumn(null, view, offset, length);
    }
}
