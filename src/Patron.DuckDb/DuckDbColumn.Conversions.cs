using System.Globalization;
using System.Text;
using Patron.DuckDb.Reading;

namespace Patron.DuckDb;

// Whole-column conversions and the boxed and text forms of single values.
public sealed partial class DuckDbColumn
{
    private const double MicrosPerSecond = 1_000_000.0;

    /// <summary>
    /// The value boxed as its natural .NET type, or null for NULL: bool, sbyte, short, int, long, byte,
    /// ushort, uint, ulong, Int128 (HUGEINT), UInt128 (UHUGEINT), float, double, decimal, string
    /// (VARCHAR, ENUM, UUID), DateOnly, DateTime, TimeOnly or byte[].
    /// </summary>
    public object? GetValue(int row)
    {
        if (IsNull(row))
        {
            return null;
        }

        return Type switch
        {
            DuckDbType.Boolean => _booleans![row],
            DuckDbType.TinyInt => (sbyte)_int64s![row],
            DuckDbType.SmallInt => (short)_int64s![row],
            DuckDbType.Integer => (int)_int64s![row],
            DuckDbType.BigInt => _int64s![row],
            DuckDbType.UTinyInt => (byte)_int64s![row],
            DuckDbType.USmallInt => (ushort)_int64s![row],
            DuckDbType.UInteger => (uint)_int64s![row],
            DuckDbType.UBigInt => (ulong)_int64s![row],
            DuckDbType.HugeInt => _int128s![row],
            DuckDbType.UHugeInt => (UInt128)_int128s![row],
            DuckDbType.Float => (float)_doubles![row],
            DuckDbType.Double => _doubles![row],
            DuckDbType.Decimal => GetDecimal(row),
            DuckDbType.Date => GetDate(row),
            DuckDbType.Timestamp or DuckDbType.TimestampTz => GetTimestamp(row),
            DuckDbType.Time => GetTime(row),
            DuckDbType.Blob => _blobs![row],
            _ => _strings![row],
        };
    }

    /// <summary>
    /// The column as doubles for numeric work: numbers and DECIMAL as their value, BOOLEAN as 0/1,
    /// DATE as days since 1970-01-01, TIMESTAMP as seconds since 1970-01-01, TIME as seconds since
    /// midnight; NULL becomes NaN.
    /// </summary>
    /// <exception cref="InvalidCastException">The column holds text or bytes.</exception>
    public double[] ToDoubleArray()
    {
        var values = new double[Length];
        switch (_schema.Storage)
        {
            case ColumnStorage.Double:
                _doubles.AsSpan().CopyTo(values);
                break;
            case ColumnStorage.Boolean:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = _booleans![i] ? 1.0 : 0.0;
                }

                break;
            case ColumnStorage.Days:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = _days![i];
                }

                break;
            case ColumnStorage.Micros:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = _int64s![i] / MicrosPerSecond;
                }

                break;
            case ColumnStorage.Int64 when Type == DuckDbType.Decimal:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = DecimalMath.ToDouble(_int64s![i], Scale);
                }

                break;
            case ColumnStorage.Int64 when Type == DuckDbType.UBigInt:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (ulong)_int64s![i];
                }

                break;
            case ColumnStorage.Int64:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = _int64s![i];
                }

                break;
            case ColumnStorage.Int128:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = Type switch
                    {
                        DuckDbType.Decimal => DecimalMath.ToDouble(_int128s![i], Scale),
                        DuckDbType.UHugeInt => (double)(UInt128)_int128s![i],
                        _ => (double)_int128s![i],
                    };
                }

                break;
            default:
                throw Mismatch("numbers");
        }

        if (_nulls is not null)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (((_nulls[i >> 6] >> (i & 63)) & 1) != 0)
                {
                    values[i] = double.NaN;
                }
            }
        }

        return values;
    }

    /// <summary>Every value as <see cref="GetString"/> gives it, NULL as null.</summary>
    public string?[] ToStringArray()
    {
        if (_strings is not null)
        {
            return (string?[])_strings.Clone();
        }

        var values = new string?[Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = IsNull(i) ? null : Format(i);
        }

        return values;
    }

    private string Format(int row) => Type switch
    {
        DuckDbType.Boolean => _booleans![row] ? "true" : "false",
        DuckDbType.Float => ((float)_doubles![row]).ToString(CultureInfo.InvariantCulture),
        DuckDbType.Double => _doubles![row].ToString(CultureInfo.InvariantCulture),
        DuckDbType.Decimal => DecimalMath.Format(_int64s is not null ? _int64s[row] : _int128s![row], Scale),
        DuckDbType.UBigInt => ((ulong)_int64s![row]).ToString(CultureInfo.InvariantCulture),
        DuckDbType.HugeInt => _int128s![row].ToString(CultureInfo.InvariantCulture),
        DuckDbType.UHugeInt => ((UInt128)_int128s![row]).ToString(CultureInfo.InvariantCulture),
        DuckDbType.Date => GetDate(row).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DuckDbType.Timestamp => GetTimestamp(row).ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        DuckDbType.TimestampTz => GetTimestamp(row).ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture) + "+00",
        DuckDbType.Time => GetTime(row).ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        DuckDbType.Blob => FormatBlob(_blobs![row]!),
        _ => _int64s![row].ToString(CultureInfo.InvariantCulture),
    };

    // DuckDB's BLOB text form: printable ASCII as is, every other byte (and the backslash) as \xHH.
    private static string FormatBlob(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return text.ToString();
    }
}
