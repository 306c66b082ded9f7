using System.Numerics;
using Patron.DuckDb.Native;

namespace Patron.DuckDb.Reading;

/// <summary>
/// Copies one result column out of DuckDB vectors, chunk after chunk, into a growing typed array and
/// a NULL bitmap, then hands them to a <see cref="DuckDbColumn"/>.
/// </summary>
/// <remarks>Vector pointers are used only inside <see cref="Append"/>, while their chunk is alive.</remarks>
internal sealed partial class ColumnBuilder
{
    private readonly ColumnSchema _schema;
    private int _length;
    private ulong[]? _nulls;
    private bool[]? _booleans;
    private long[]? _int64s;
    private Int128[]? _int128s;
    private double[]? _doubles;
    private string?[]? _strings;
    private byte[]?[]? _blobs;
    private int[]? _days;

    public ColumnBuilder(ColumnSchema schema, int capacity)
    {
        _schema = schema;
        Allocate(Math.Max(capacity, 0));
    }

    public int Length => _length;

    public unsafe void Append(nint vector, int count)
    {
        if (count == 0)
        {
            return;
        }

        EnsureCapacity(_length + count);
        var data = NativeMethods.VectorGetData(vector);
        var validity = NativeMethods.VectorGetValidity(vector);
        if (validity is not null)
        {
            CopyNulls(validity, count);
        }

        switch (_schema.Storage)
        {
            case ColumnStorage.Boolean:
                CopyBooleans((byte*)data, count);
                break;
            case ColumnStorage.Int64:
                CopyIntegers(data, _schema.Physical, count);
                break;
            case ColumnStorage.Int128:
                new ReadOnlySpan<Int128>(data, count).CopyTo(_int128s.AsSpan(_length));
                break;
            case ColumnStorage.Double:
                CopyDoubles(data, count);
                break;
            case ColumnStorage.String:
                CopyStrings((byte*)data, validity, count);
                break;
            case ColumnStorage.Blob:
                CopyBlobs((byte*)data, validity, count);
                break;
            case ColumnStorage.Days:
                new ReadOnlySpan<int>(data, count).CopyTo(_days.AsSpan(_length));
                break;
            case ColumnStorage.Micros:
                CopyMicros((long*)data, count);
                break;
            default:
                throw new InvalidOperationException($"Unhandled storage {_schema.Storage}.");
        }

        _length += count;
    }

    public DuckDbColumn Build()
    {
        var nulls = _nulls;
        if (nulls is not null && nulls.Length != WordCount(_length))
        {
            Array.Resize(ref nulls, WordCount(_length));
        }

        return new DuckDbColumn(
            _schema,
            _length,
            nulls,
            Trim(_booleans),
            Trim(_int64s),
            Trim(_int128s),
            Trim(_doubles),
            Trim(_strings),
            Trim(_blobs),
            Trim(_days));
    }

    internal static bool IsValid(ReadOnlySpan<ulong> validity, int row) => ((validity[row >> 6] >> (row & 63)) & 1) != 0;

    private static int WordCount(int rows) => (rows + 63) >> 6;

    private unsafe void CopyNulls(ulong* validity, int count)
    {
        var words = WordCount(count);
        for (var w = 0; w < words; w++)
        {
            var missing = ~validity[w];
            var rowsInWord = Math.Min(64, count - (w << 6));
            if (rowsInWord < 64)
            {
                missing &= (1UL << rowsInWord) - 1;
            }

            if (missing == 0)
            {
                continue;
            }

            _nulls ??= new ulong[WordCount(Capacity)];
            var first = _length + (w << 6);
            if ((first & 63) == 0)
            {
                _nulls[first >> 6] |= missing;
                continue;
            }

            while (missing != 0)
            {
                var bit = BitOperations.TrailingZeroCount(missing);
                var row = first + bit;
                _nulls[row >> 6] |= 1UL << (row & 63);
                missing &= missing - 1;
            }
        }
    }

    private unsafe void CopyBooleans(byte* data, int count)
    {
        var target = _booleans.AsSpan(_length, count);
        for (var i = 0; i < count; i++)
        {
            target[i] = data[i] != 0;
        }
    }

    private unsafe void CopyDoubles(void* data, int count)
    {
        var target = _doubles.AsSpan(_length, count);
        if (_schema.Physical == NativeTypeId.Double)
        {
            new ReadOnlySpan<double>(data, count).CopyTo(target);
            return;
        }

        var floats = (float*)data;
        for (var i = 0; i < count; i++)
        {
            target[i] = floats[i];
        }
    }

    private unsafe void CopyMicros(long* data, int count)
    {
        var target = _int64s.AsSpan(_length, count);
        switch (_schema.Physical)
        {
            case NativeTypeId.TimestampS:
                for (var i = 0; i < count; i++)
                {
                    target[i] = data[i] * 1_000_000;
                }

                break;
            case NativeTypeId.TimestampMs:
                for (var i = 0; i < count; i++)
                {
                    target[i] = data[i] * 1_000;
                }

                break;
            case NativeTypeId.TimestampNs:
                for (var i = 0; i < count; i++)
                {
                    var (quotient, remainder) = long.DivRem(data[i], 1_000);
                    target[i] = remainder < 0 ? quotient - 1 : quotient;
                }

                break;
            default:
                new ReadOnlySpan<long>(data, count).CopyTo(target);
                break;
        }
    }
}
