using System.Collections;

namespace Patron.Learning.Data;

/// <summary>The cells of one CSV column stored as one character buffer with end offsets, so a large table costs about
/// its text size rather than one string object per cell. Cells are materialized as strings only when indexed;
/// <see cref="Cell"/> gives a span without allocating.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CsvColumn : IReadOnlyList<string>
{
    private readonly char[] _chars;
    private readonly int[] _ends;

    internal CsvColumn(char[] chars, int[] ends, int count)
    {
        _chars = chars;
        _ends = ends;
        Count = count;
    }

    /// <summary>Number of cells.</summary>
    public int Count { get; }

    /// <summary>The cell text as a new string.</summary>
    public string this[int index] => new(Cell(index));

    /// <summary>The cell text without allocating.</summary>
    public ReadOnlySpan<char> Cell(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var start = index == 0 ? 0 : _ends[index - 1];
        return _chars.AsSpan(start, _ends[index] - start);
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
