using System.Diagnostics.CodeAnalysis;
using Patron.DuckDb.Reading;

namespace Patron.DuckDb;

/// <summary>
/// One result column copied into managed arrays: safe to keep after the result, reader or
/// connection it came from is gone.
/// </summary>
/// <remarks>
/// Immutable and thread-safe for reading. Typed getters throw <see cref="InvalidOperationException"/>
/// on a NULL value (check <see cref="IsNull"/> first) and <see cref="InvalidCastException"/> when the
/// column's type cannot give the requested one.
/// </remarks>
public sealed partial class DuckDbColumn
{
    private const int EpochDayNumber = 719_162; // DateOnly(1970, 1, 1).DayNumber

    private readonly ColumnSchema _schema;
    private readonly ulong[]? _nulls;
    private readonly bool[]? _booleans;
    private readonly long[]? _int64s;
    private readonly Int128[]? _int128s;
    private readonly double[]? _doubles;
    private readonly string?[]? _strings;
    private readonly byte[]?[]? _blobs;
    private readonly int[]? _days;

    internal DuckDbColumn(
        ColumnSchema schema,
        int length,
        ulong[]? nulls,
        bool[]? booleans,
        long[]? int64s,
        Int128[]? int128s,
        double[]? doubles,
        string?[]? strings,
        byte[]?[]? blobs,
        int[]? days)
    {
        _schema = schema;
        Length = length;
        _nulls = nulls;
        _booleans = booleans;
        _int64s = int64s;
        _int128s = int128s;
        _doubles = doubles;
        _strings = strings;
        _blobs = blobs;
        _days = days;
    }

    /// <summary>The column name as DuckDB reports it.</summary>
    public string Name => _schema.Name;

    /// <summary>The column's SQL type.</summary>
    public DuckDbType Type => _schema.Type;

    /// <summary>Number of rows.</summary>
    public int Length { get; }

    /// <summary>For DECIMAL: digits after the point; 0 otherwise.</summary>
    public int Scale => _schema.Scale;

    /// <summary>For DECIMAL: total digits; 0 otherwise.</summary>
    public int Precision => _schema.Width;

    /// <summary>True when at least one value is NULL.</summary>
    public bool HasNulls => _nulls is not null;

    public bool IsNull(int row)
    {
        CheckRow(row);
        return _nulls is not null && ((_nulls[row >> 6] >> (row & 63)) & 1) != 0;
    }

    /// <summary>An integer value; DECIMAL, FLOAT and DOUBLE values only when they are whole numbers.</summary>
    /// <exception cref="OverflowException">The value does not fit in 64 bits.</exception>
    public long GetInt64(int row)
    {
        CheckValue(row);
        return Type switch
        {
            DuckDbType.UBigInt => checked((long)(ulong)_int64s![row]),
            DuckDbType.HugeInt => checked((long)_int128s![row]),
            DuckDbType.UHugeInt => checked((long)(UInt128)_int128s![row]),
            DuckDbType.Decimal => checked((long)WholeDecimal(row)),
            DuckDbType.Float or DuckDbType.Double => WholeDouble(row),
            DuckDbType.TinyInt or DuckDbType.SmallInt or DuckDbType.Integer or DuckDbType.BigInt
                or DuckDbType.UTinyInt or DuckDbType.USmallInt or DuckDbType.UInteger => _int64s![row],
            _ => throw Mismatch("an integer"),
        };
    }

    public int GetInt32(int row) => checked((int)GetInt64(row));

    /// <summary>The full-range value of an integer column (including HUGEINT) or an unscaled DECIMAL.</summary>
    public Int128 GetInt128(int row)
    {
        CheckValue(row);
        return Type switch
        {
            DuckDbType.HugeInt => _int128s![row],
            DuckDbType.UHugeInt => checked((Int128)(UInt128)_int128s![row]),
            DuckDbType.UBigInt => (ulong)_int64s![row],
            DuckDbType.Decimal => WholeDecimal(row),
            _ => GetInt64(row),
        };
    }

    public double GetDouble(int row)
    {
        CheckValue(row);
        return Type switch
        {
            DuckDbType.Float or DuckDbType.Double => _doubles![row],
            DuckDbType.Decimal => DecimalMath.ToDouble(_int64s is not null ? _int64s[row] : _int128s![row], Scale),
            DuckDbType.HugeInt => (double)_int128s![row],
            DuckDbType.UHugeInt => (double)(UInt128)_int128s![row],
            DuckDbType.UBigInt => (ulong)_int64s![row],
            DuckDbType.TinyInt or DuckDbType.SmallInt or DuckDbType.Integer or DuckDbType.BigInt
                or DuckDbType.UTinyInt or DuckDbType.USmallInt or DuckDbType.UInteger => _int64s![row],
            _ => throw Mismatch("a number"),
        };
    }

    /// <exception cref="OverflowException">The value needs more than the 96 bits a <see cref="decimal"/> holds.</exception>
    public decimal GetDecimal(int row)
    {
        CheckValue(row);
        return Type switch
        {
            DuckDbType.Decimal => DecimalMath.ToDecimal(_int64s is not null ? _int64s[row] : _int128s![row], Scale),
            DuckDbType.Float or DuckDbType.Double => checked((decimal)_doubles![row]),
            DuckDbType.HugeInt => checked((decimal)_int128s![row]),
            DuckDbType.UHugeInt => checked((decimal)(UInt128)_int128s![row]),
            DuckDbType.UBigInt => (ulong)_int64s![row],
            DuckDbType.TinyInt or DuckDbType.SmallInt or DuckDbType.Integer or DuckDbType.BigInt
                or DuckDbType.UTinyInt or DuckDbType.USmallInt or DuckDbType.UInteger => _int64s![row],
            _ => throw Mismatch("a number"),
        };
    }

    /// <summary>
    /// The value as text: VARCHAR, ENUM and UUID as stored, other types formatted the way DuckDB
    /// casts them to VARCHAR (culture-invariant).
    /// </summary>
    public string GetString(int row)
    {
        CheckValue(row);
        return _strings is not null ? _strings[row]! : Format(row);
    }

    public bool GetBoolean(int row)
    {
        CheckValue(row);
        return Type == DuckDbType.Boolean ? _booleans![row] : throw Mismatch("a boolean");
    }

    public DateOnly GetDate(int row)
    {
        CheckValue(row);
        return Type == DuckDbType.Date ? DateOnly.FromDayNumber(_days![row] + EpochDayNumber) : throw Mismatch("a date");
    }

    /// <summary>
    /// A TIMESTAMP (kind <see cref="DateTimeKind.Unspecified"/>), a TIMESTAMPTZ (kind
    /// <see cref="DateTimeKind.Utc"/>) or a DATE at midnight.
    /// </summary>
    public DateTime GetTimestamp(int row)
    {
        CheckValue(row);
        return Type switch
        {
            DuckDbType.Timestamp => FromMicros(_int64s![row], DateTimeKind.Unspecified),
            DuckDbType.TimestampTz => FromMicros(_int64s![row], DateTimeKind.Utc),
            DuckDbType.Date => GetDate(row).ToDateTime(TimeOnly.MinValue),
            _ => throw Mismatch("a timestamp"),
        };
    }

    public TimeOnly GetTime(int row)
    {
        CheckValue(row);
        return Type == DuckDbType.Time ? new TimeOnly(_int64s![row] * TimeSpan.TicksPerMicrosecond) : throw Mismatch("a time");
    }

    public byte[] GetBlob(int row)
    {
        CheckValue(row);
        return Type == DuckDbType.Blob ? _blobs![row]! : throw Mismatch("a blob");
    }

    // Integer getters accept a DECIMAL or floating-point value only when it is whole, so nothing is truncated silently.
    private Int128 WholeDecimal(int row)
    {
        var unscaled = _int64s is not null ? _int64s[row] : _int128s![row];
        var (whole, fraction) = Int128.DivRem(unscaled, DecimalMath.PowerOfTen(Scale));
        return fraction == 0 ? whole : throw new InvalidCastException(
            $"Column '{Name}' holds {DecimalMath.Format(unscaled, Scale)} at row {row}, which is not a whole number; use GetDecimal or GetDouble.");
    }

    private long WholeDouble(int row)
    {
        var value = _doubles![row];
        return Math.Floor(value) == value && value >= long.MinValue && value < 9.2233720368547758E18
            ? (long)value
            : throw new InvalidCastException($"Column '{Name}' holds {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} at row {row}, which is not a whole number in the Int64 range; use GetDouble.");
    }

    private static DateTime FromMicros(long micros, DateTimeKind kind) =>
        new(DateTime.UnixEpoch.Ticks + (micros * TimeSpan.TicksPerMicrosecond), kind);

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Length)
        {
            ThrowRowOutOfRange(row);
        }
    }

    private void CheckValue(int row)
    {
        if (IsNull(row))
        {
            ThrowNull(row);
        }
    }

    [DoesNotReturn]
    private void ThrowRowOutOfRange(int row) =>
        throw new ArgumentOutOfRangeException(nameof(row), row, $"Column '{Name}' has {Length} rows.");

    [DoesNotReturn]
    private void ThrowNull(int row) =>
        throw new InvalidOperationException($"Column '{Name}' is NULL at row {row}; check IsNull first or read it with GetValue.");

    private InvalidCastException Mismatch(string wanted) =>
        new($"Column '{Name}' is {Type}{(Type == DuckDbType.Decimal ? $"({Precision},{Scale})" : string.Empty)}, which cannot be read as {wanted}.");
}
