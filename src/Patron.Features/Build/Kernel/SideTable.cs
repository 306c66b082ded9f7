namespace Patron.Features.Build.Kernel;

/// <summary>
/// Every row of <c>Sql/customer_side.sql</c> held in memory (ids in customer_id order, found by binary search), for a
/// live server that computes a few customers at a time without reading the side tables again. The values are those a
/// <see cref="SideStream"/> gives, with its text codes.
/// </summary>
internal sealed class SideTable : ISideSource
{
    private byte[] _ids = new byte[1 << 16];
    private int[] _idStart = new int[1 << 12];
    private SideValues[] _values = new SideValues[1 << 12];
    private int _count;
    private int _idBytes;

    /// <summary>Reads the whole stream.</summary>
    public SideTable(SideStream stream)
    {
        AgeBands = stream.AgeBands;
        Countries = stream.Countries;
        Channels = stream.Channels;
        EmailClasses = stream.EmailClasses;
        stream.ReadAll(Add);
        Array.Resize(ref _ids, Math.Max(_idBytes, 1));
        Array.Resize(ref _idStart, _count + 1);
        Array.Resize(ref _values, Math.Max(_count, 1));
        _idStart[_count] = _idBytes;
    }

    public TextCodes AgeBands { get; }

    public TextCodes Countries { get; }

    public TextCodes Channels { get; }

    public TextCodes EmailClasses { get; }

    /// <summary>Customers with a row.</summary>
    public int Count => _count;

    /// <summary>Bytes held by the table's arrays.</summary>
    public long Bytes => _ids.Length + ((long)_idStart.Length * 4) + ((long)_values.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<SideValues>());

    public SideValues Seek(ReadOnlySpan<byte> customerId)
    {
        var low = 0;
        var high = _count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = Id(middle).SequenceCompareTo(customerId);
            if (order == 0)
            {
                return _values[middle];
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return SideValues.None;
    }

    private ReadOnlySpan<byte> Id(int row) => _ids.AsSpan(_idStart[row], _idStart[row + 1] - _idStart[row]);

    private void Add(ReadOnlySpan<byte> id, in SideValues values)
    {
        if (_count + 2 > _idStart.Length)
        {
            Array.Resize(ref _idStart, _idStart.Length * 2);
            Array.Resize(ref _values, _values.Length * 2);
        }

        if (_idBytes + id.Length > _ids.Length)
        {
            Array.Resize(ref _ids, Math.Max(_ids.Length * 2, _idBytes + id.Length));
        }

        id.CopyTo(_ids.AsSpan(_idBytes));
        _idStart[_count] = _idBytes;
        _values[_count] = values;
        _idBytes += id.Length;
        _count++;
        _idStart[_count] = _idBytes;
    }
}
