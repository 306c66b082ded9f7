using System.Runtime.CompilerServices;
using Patron.DuckDb.Native;
using Patron.DuckDb.Reading;

namespace Patron.DuckDb;

/// <summary>
/// One column of a streaming reader's current chunk, read in place from DuckDB's memory: no managed copy is made.
/// </summary>
/// <remarks>
/// Valid only until the reader moves to the next chunk or is disposed, which is why it is a ref struct. The typed spans
/// check the column's physical type once; values under a NULL are unspecified, so test <see cref="IsNull"/> where a
/// column can hold NULLs.
/// </remarks>
public readonly unsafe ref struct DuckDbVector
{
    private const int StringEntrySize = 16;
    private const int InlineStringLength = 12;

    private readonly byte* _data;
    private readonly ulong* _validity;
    private readonly ColumnSchema _schema;

    internal DuckDbVector(byte* data, ulong* validity, int count, ColumnSchema schema)
    {
        _data = data;
        _validity = validity;
        Count = count;
        _schema = schema;
    }

    /// <summary>Rows in the chunk.</summary>
    public int Count { get; }

    /// <summary>The column's SQL type.</summary>
    public DuckDbType Type => _schema.Type;

    /// <summary>True when the column has no NULL in this chunk.</summary>
    public bool AllValid => _validity is null;

    public bool IsNull(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row));
        }

        return _validity is not null && ((_validity[row >> 6] >> (row & 63)) & 1) == 0;
    }

    /// <summary>BIGINT values, microseconds of a TIMESTAMP, or the unscaled integers of a DECIMAL of width 10 to 18.</summary>
    public ReadOnlySpan<long> Int64s() =>
        _schema.Physical is NativeTypeId.BigInt or NativeTypeId.Timestamp or NativeTypeId.TimestampTz
            ? new(_data, Count)
            : throw Mismatch("BIGINT, TIMESTAMP or DECIMAL(10..18, s)");

    /// <summary>HUGEINT values, or the unscaled integers of a DECIMAL of width 19 to 38.</summary>
    public ReadOnlySpan<Int128> Int128s() =>
        _schema.Physical == NativeTypeId.HugeInt ? new(_data, Count) : throw Mismatch("HUGEINT or DECIMAL(19..38, s)");

    /// <summary>INTEGER values, or a DATE's days since 1970-01-01.</summary>
    public ReadOnlySpan<int> Int32s() =>
        _schema.Physical is NativeTypeId.Integer or NativeTypeId.Date ? new(_data, Count) : throw Mismatch("INTEGER or DATE");

    public ReadOnlySpan<double> Doubles() =>
        _schema.Physical == NativeTypeId.Double ? new(_data, Count) : throw Mismatch("DOUBLE");

    /// <summary>BOOLEAN values as bytes, 1 for true and 0 for false.</summary>
    public ReadOnlySpan<byte> Booleans() =>
        _schema.Physical == NativeTypeId.Boolean ? new(_data, Count) : throw Mismatch("BOOLEAN");

    /// <summary>The UTF-8 bytes of a VARCHAR value, pointing into DuckDB's memory.</summary>
    public ReadOnlySpan<byte> Utf8(int row)
    {
        if (_schema.Physical != NativeTypeId.Varchar || _schema.EnumLabels is not null)
        {
            throw Mismatch("VARCHAR");
        }

        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row));
        }

        var entry = _data + ((nint)row * StringEntrySize);
        var length = *(uint*)entry;
        return length <= InlineStringLength
            ? new ReadOnlySpan<byte>(entry + 4, (int)length)
            : new ReadOnlySpan<byte>(*(byte**)(entry + 8), checked((int)length));
    }

    /// <summary>Whether two rows of a VARCHAR column hold the same text.</summary>
    public bool SameText(int row, int other)
    {
        var a = _data + ((nint)row * StringEntrySize);
        var b = _data + ((nint)other * StringEntrySize);
        // An inline value is zero-padded, so its 16-byte entry is the value; a longer one starts with its length and prefix.
        if (Unsafe.ReadUnaligned<Int128>(a) == Unsafe.ReadUnaligned<Int128>(b))
        {
            return true;
        }

        return *(uint*)a > InlineStringLength && Utf8(row).SequenceEqual(Utf8(other));
    }

    private InvalidCastException Mismatch(string expected) =>
        new($"Column '{_schema.Name}' is {_schema.Type}{(_schema.Type == DuckDbType.Decimal ? $"({_schema.Width}, {_schema.Scale})" : "")}, not {expected}.");
}
