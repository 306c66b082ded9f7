namespace Patron.Server.Store;

/// <summary>A column of float64 values, one per customer (NaN = missing): an array on the heap, or a region of
/// profiles.bin mapped into the process (<see cref="ProfileFileMapping"/>), so a large run's columns are served from
/// the page cache without being copied at startup.</summary>
/// <remarks>Immutable; thread-safe for reading.</remarks>
internal sealed class NumberColumn
{
    private readonly ColumnValues<double> _values;

    private NumberColumn(ColumnValues<double> values) => _values = values;

    /// <summary>Rows held.</summary>
    public int Length => _values.Length;

    /// <summary>Bytes of the managed heap the column holds (0 when mapped).</summary>
    public long HeapBytes => _values.HeapBytes;

    /// <summary>Bytes of the mapped file the column covers (0 when on the heap).</summary>
    public long MappedBytes => _values.MappedBytes;

    /// <summary>The value of <paramref name="row"/>.</summary>
    public double this[int row] => _values[row];

    /// <summary>A column over an array (kept, not copied).</summary>
    public static NumberColumn Of(double[] values) => new(ColumnValues<double>.Of(values));

    /// <summary>A column of <paramref name="length"/> float64 values at byte <paramref name="offset"/> of a mapped file.</summary>
    /// <exception cref="InvalidDataException">The region runs past the end of the file.</exception>
    public static NumberColumn Mapped(ProfileFileMapping mapping, long offset, int length) => new(ColumnValues<double>.Mapped(mapping, offset, length));
}
