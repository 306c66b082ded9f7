using System.Text;
using Patron.DuckDb.Native;

namespace Patron.DuckDb.Reading;

// Copies of the variable-width and narrow-integer layouts, plus array growth.
internal sealed partial class ColumnBuilder
{
    // duckdb_string_t: a 4-byte length, then either up to 12 inline bytes or a 4-byte prefix and a pointer.
    private const int StringEntrySize = 16;
    private const int InlineStringLength = 12;

    // Direct-mapped cache of short strings: low-cardinality text (status, country, channel) then
    // costs neither a decode nor an allocation per row, and equal values share one instance.
    private const int InlineCacheSize = 1024;

    private Int128[]? _inlineKeys;
    private string?[]? _inlineValues;

    /// <summary>Longest out-of-line string the cache below holds: category names, segment names, emails are shorter.</summary>
    private const int ShortStringLength = 64;

    private const int ShortCacheProbes = 4;

    private byte[]?[]? _shortKeys;
    private string?[]? _shortValues;

    private int Capacity => _schema.Storage switch
    {
        ColumnStorage.Boolean => _booleans!.Length,
        ColumnStorage.Int64 or ColumnStorage.Micros => _int64s!.Length,
        ColumnStorage.Int128 => _int128s!.Length,
        ColumnStorage.Double => _doubles!.Length,
        ColumnStorage.String => _strings!.Length,
        ColumnStorage.Blob => _blobs!.Length,
        ColumnStorage.Days => _days!.Length,
        _ => 0,
    };

    private unsafe void CopyIntegers(void* data, NativeTypeId physical, int count)
    {
        var target = _int64s.AsSpan(_length, count);
        switch (physical)
        {
            case NativeTypeId.TinyInt:
                Widen(new ReadOnlySpan<sbyte>(data, count), target);
                break;
            case NativeTypeId.SmallInt:
                Widen(new ReadOnlySpan<short>(data, count), target);
                break;
            case NativeTypeId.Integer:
                Widen(new ReadOnlySpan<int>(data, count), target);
                break;
            case NativeTypeId.UTinyInt:
                Widen(new ReadOnlySpan<byte>(data, count), target);
                break;
            case NativeTypeId.USmallInt:
                Widen(new ReadOnlySpan<ushort>(data, count), target);
                break;
            case NativeTypeId.UInteger:
                Widen(new ReadOnlySpan<uint>(data, count), target);
                break;
            case NativeTypeId.BigInt:
            case NativeTypeId.UBigInt:
                // UBIGINT keeps its bit pattern; readers reinterpret it by the column type.
                new ReadOnlySpan<long>(data, count).CopyTo(target);
                break;
            default:
                throw new NotSupportedException($"Column '{_schema.Name}' stores integers as type id {(int)physical}, which Patron does not read.");
        }
    }

    private static void Widen<T>(ReadOnlySpan<T> source, Span<long> target)
        where T : struct, System.Numerics.IBinaryInteger<T>
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = long.CreateTruncating(source[i]);
        }
    }

    private unsafe void CopyStrings(byte* data, ulong* validity, int count)
    {
        var target = _strings.AsSpan(_length, count);
        var labels = _schema.EnumLabels;
        for (var i = 0; i < count; i++)
        {
            if (validity is not null && ((validity[i >> 6] >> (i & 63)) & 1) == 0)
            {
                continue;
            }

            if (labels is not null)
            {
                target[i] = labels[EnumCode(data, i)];
            }
            else if (_schema.Type == DuckDbType.Uuid)
            {
                var value = ((Int128*)data)[i];
                target[i] = UuidText.Format(value);
            }
            else
            {
                var entry = data + ((nint)i * StringEntrySize);
                var length = *(uint*)entry;
                target[i] = length <= InlineStringLength ? InlineString(*(Int128*)entry, entry + 4, (int)length)
                    : length <= ShortStringLength ? ShortString(new ReadOnlySpan<byte>(*(byte**)(entry + 8), (int)length))
                    : Encoding.UTF8.GetString(*(byte**)(entry + 8), checked((int)length));
            }
        }
    }

    // DuckDB zero-pads inline strings, so the 16-byte entry (length and bytes) identifies the value.
    private unsafe string InlineString(Int128 key, byte* bytes, int length)
    {
        _inlineKeys ??= new Int128[InlineCacheSize];
        _inlineValues ??= new string?[InlineCacheSize];
        var mixed = ((ulong)key ^ (ulong)(key >> 64)) * 0x9E3779B97F4A7C15UL;
        var slot = (int)(mixed >> 54);
        if (_inlineValues[slot] is { } cached && _inlineKeys[slot] == key)
        {
            return cached;
        }

        var text = Encoding.UTF8.GetString(bytes, length);
        _inlineKeys[slot] = key;
        _inlineValues[slot] = text;
        return text;
    }

    // Strings too long to be inline (a category, a segment name) repeat just as often: the same direct-mapped cache,
    // keyed by the bytes, lets a column of millions of rows share one string per value instead of one per row.
    private string ShortString(ReadOnlySpan<byte> bytes)
    {
        _shortKeys ??= new byte[InlineCacheSize][];
        _shortValues ??= new string?[InlineCacheSize];
        // FNV-1a: fixed across processes, so which values share a slot never changes from run to run.
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        var home = (int)((hash * 0x9E3779B9u) >> 22);

        // Four slots per value (linear probing) so two frequent values that hash alike do not evict each other row after row.
        var free = -1;
        for (var probe = 0; probe < ShortCacheProbes; probe++)
        {
            var slot = (home + probe) & (InlineCacheSize - 1);
            if (_shortValues[slot] is not { } cached)
            {
                free = free < 0 ? slot : free;
            }
            else if (bytes.SequenceEqual(_shortKeys[slot]))
            {
                return cached;
            }
        }

        var text = Encoding.UTF8.GetString(bytes);
        var target = free >= 0 ? free : home;
        _shortKeys[target] = bytes.ToArray();
        _shortValues[target] = text;
        return text;
    }

    private unsafe int EnumCode(byte* data, int row) => _schema.Physical switch
    {
        NativeTypeId.UTinyInt => data[row],
        NativeTypeId.USmallInt => ((ushort*)data)[row],
        _ => checked((int)((uint*)data)[row]),
    };

    private unsafe void CopyBlobs(byte* data, ulong* validity, int count)
    {
        var target = _blobs.AsSpan(_length, count);
        for (var i = 0; i < count; i++)
        {
            if (validity is not null && ((validity[i >> 6] >> (i & 63)) & 1) == 0)
            {
                continue;
            }

            var entry = data + ((nint)i * StringEntrySize);
            var length = checked((int)*(uint*)entry);
            var bytes = length <= InlineStringLength ? entry + 4 : *(byte**)(entry + 8);
            target[i] = new ReadOnlySpan<byte>(bytes, length).ToArray();
        }
    }

    private void Allocate(int capacity)
    {
        switch (_schema.Storage)
        {
            case ColumnStorage.Boolean:
                _booleans = new bool[capacity];
                break;
            case ColumnStorage.Int64:
            case ColumnStorage.Micros:
                _int64s = new long[capacity];
                break;
            case ColumnStorage.Int128:
                _int128s = new Int128[capacity];
                break;
            case ColumnStorage.Double:
                _doubles = new double[capacity];
                break;
            case ColumnStorage.String:
                _strings = new string?[capacity];
                break;
            case ColumnStorage.Blob:
                _blobs = new byte[]?[capacity];
                break;
            case ColumnStorage.Days:
                _days = new int[capacity];
                break;
        }
    }

    private void EnsureCapacity(int needed)
    {
        var capacity = Capacity;
        if (needed <= capacity)
        {
            return;
        }

        var grown = (int)Math.Min(Array.MaxLength, Math.Max((long)capacity * 2, Math.Max(needed, 2048)));
        if (grown < needed)
        {
            throw new InvalidOperationException($"Column '{_schema.Name}' has more rows than one array can hold ({Array.MaxLength}); read it with QueryStreaming.");
        }

        Resize(ref _booleans, grown);
        Resize(ref _int64s, grown);
        Resize(ref _int128s, grown);
        Resize(ref _doubles, grown);
        Resize(ref _strings, grown);
        Resize(ref _blobs, grown);
        Resize(ref _days, grown);
        if (_nulls is not null)
        {
            Array.Resize(ref _nulls, WordCount(grown));
        }
    }

    private static void Resize<T>(ref T[]? array, int length)
    {
        if (array is not null)
        {
            Array.Resize(ref array, length);
        }
    }

    private T[]? Trim<T>(T[]? array)
    {
        if (array is not null && array.Length != _length)
        {
            Array.Resize(ref array, _length);
        }

        return array;
    }
}
