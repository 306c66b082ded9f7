namespace Patron.Learning.Data;

/// <summary>Growable storage for one column while a CSV is read.</summary>
internal sealed class CsvColumnBuffer
{
    private char[] _chars = new char[256];
    private int[] _ends = new int[64];
    private int _length;
    private int _count;

    public int Count => _count;

    public void Append(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + text.Length));
        }

        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
    }

    public void EndCell()
    {
        if (_count == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
        }

        _ends[_count++] = _length;
    }

    public CsvColumn ToColumn() => new(_chars[.._length], _ends[.._count], _count);
}
