namespace Patron.Learning.Data;

/// <summary>The record parser behind <see cref="CsvTable"/>: reads blocks of characters and keeps the current record's
/// fields (quotes removed) in reusable buffers, so reading allocates nothing per row.</summary>
public sealed partial class CsvTable
{
    private sealed class Parser(TextReader reader)
    {
        private readonly char[] _block = new char[1 << 16];
        private char[] _record = new char[1024];
        private int[] _fieldEnds = new int[64];
        private int _position;
        private int _available;
        private bool _end;

        /// <summary>1-based line number of the next record.</summary>
        public int Line { get; private set; } = 1;

        /// <summary>Fields in the current record.</summary>
        public int FieldCount { get; private set; }

        /// <summary>Field <paramref name="k"/> of the current record.</summary>
        public ReadOnlySpan<char> Field(int k)
        {
            var start = k == 0 ? 0 : _fieldEnds[k - 1];
            return _record.AsSpan(start, _fieldEnds[k] - start);
        }

        /// <summary>Reads one record; false at end of input.</summary>
        public bool ReadRecord()
        {
            FieldCount = 0;
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
                            Line++;
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

                    Line++;
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

            _available = reader.Read(_block, 0, _block.Length);
            _position = 0;
            _end = _available == 0;
            return !_end;
        }
    }
}
