namespace Patron.Learning.Data;

/// <summary>Reads RFC 4180 CSV record by record: comma-separated fields; a double-quoted field may hold commas, doubled
/// quotes (<c>""</c> for one quote) and line breaks; records end at LF, CR or CRLF. The one CSV parser of Patron:
/// <see cref="CsvTable"/> and the lifetime readers build on it.</summary>
/// <remarks>Reads blocks of characters and keeps the current record's fields (quotes removed) in reusable buffers, so
/// reading allocates nothing per row. Does not own the <see cref="TextReader"/>. Not thread-safe.</remarks>
public sealed class CsvReader(TextReader reader)
{
    private readonly TextReader _reader = reader ?? throw new ArgumentNullException(nameof(reader));
    private readonly char[] _block = new char[1 << 16];
    private char[] _record = new char[1024];
    private int[] _fieldEnds = new int[64];
    private int _position;
    private int _available;
    private bool _end;
    private int _nextLine = 1;

    /// <summary>1-based line on which the current record starts (a record with quoted line breaks spans several).</summary>
    public int Line { get; private set; }

    /// <summary>Fields in the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>Whether the current record is an empty line.</summary>
    public bool IsBlank => FieldCount == 1 && _fieldEnds[0] == 0;

    /// <summary>Field <paramref name="k"/> of the current record, valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<char> Field(int k)
    {
        var start = k == 0 ? 0 : _fieldEnds[k - 1];
        return _record.AsSpan(start, _fieldEnds[k] - start);
    }

    /// <summary>Reads one record; false at end of input.</summary>
    /// <exception cref="FormatException">A quoted field is not closed (the message names the line).</exception>
    public bool Read()
    {
        FieldCount = 0;
        Line = _nextLine;
        if (!Fill())
        {
            return false;
        }

        var length = 0;
        var fieldStart = 0;
        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            if (!Fill())
            {
                if (quoted)
                {
                    throw new FormatException($"line {Line}: a quoted field is not closed.");
                }

                EndField(length);
                return true;
            }

            var c = _block[_position++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (Fill() && _block[_position] == '"')
                    {
                        _position++;
                        Add(ref length, '"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _nextLine++;
                    }

                    Add(ref length, c);
                }
            }
            else if (c == ',')
            {
                EndField(length);
                fieldStart = length;
                wasQuoted = false;
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && Fill() && _block[_position] == '\n')
                {
                    _position++;
                }

                _nextLine++;
                EndField(length);
                return true;
            }
            else if (c == '"' && length == fieldStart && !wasQuoted)
            {
                quoted = true;
                wasQuoted = true;
            }
            else
            {
                Add(ref length, c);
            }
        }
    }

    private void EndField(int length)
    {
        if (FieldCount == _fieldEnds.Length)
        {
            Array.Resize(ref _fieldEnds, _fieldEnds.Length * 2);
        }

        _fieldEnds[FieldCount++] = length;
    }

    private void Add(ref int length, char c)
    {
        if (length == _record.Length)
        {
            Array.Resize(ref _record, _record.Length * 2);
        }

        _record[length++] = c;
    }

    private bool Fill()
    {
        if (_position < _available)
        {
            return true;
        }

        if (_end)
        {
            return false;
        }

        _available = _reader.Read(_block, 0, _block.Length);
        _position = 0;
        _end = _available == 0;
        return !_end;
    }
}
