using System.Buffers;
using System.Globalization;

namespace Patron.Demo.Output;

/// <summary>
/// A growable UTF-8 text buffer rented from <see cref="ArrayPool{T}"/>, with the few formatters the CSV writers
/// need (zero-padded ids, cents, dates, timestamps). Not thread-safe; one per block and file.
/// </summary>
internal sealed class ByteBuffer : IDisposable
{
    private byte[] _data;
    private int _length;

    public ByteBuffer(int initialCapacity = 1 << 16)
    {
        _data = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Length => _length;

    public ReadOnlySpan<byte> Written => _data.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void Append(byte value)
    {
        if (_length == _data.Length)
        {
            Grow(1);
        }

        _data[_length++] = value;
    }

    public void Append(ReadOnlySpan<byte> value)
    {
        if (_length + value.Length > _data.Length)
        {
            Grow(value.Length);
        }

        value.CopyTo(_data.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>A prefix letter followed by <paramref name="value"/> zero-padded to <paramref name="width"/> digits.</summary>
    public void AppendId(byte prefix, long value, int width)
    {
        var span = Reserve(width + 1);
        span[0] = prefix;
        for (var i = width; i >= 1; i--)
        {
            span[i] = (byte)('0' + value % 10);
            value /= 10;
        }

        _length += width + 1;
    }

    public void AppendInteger(long value)
    {
        var span = Reserve(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>An amount in hundredths as a decimal with exactly two digits after the point ("12.30", "-0.05").</summary>
    public void AppendCents(long cents)
    {
        if (cents < 0)
        {
            Append((byte)'-');
            cents = -cents;
        }

        AppendInteger(cents / 100);
        var span = Reserve(3);
        var fraction = (int)(cents % 100);
        span[0] = (byte)'.';
        span[1] = (byte)('0' + fraction / 10);
        span[2] = (byte)('0' + fraction % 10);
        _length += 3;
    }

    /// <summary>A fraction in hundredths in its shortest form: 0 → "0", 10 → "0.1", 15 → "0.15".</summary>
    public void AppendHundredths(int hundredths)
    {
        if (hundredths == 0)
        {
            Append((byte)'0');
            return;
        }

        AppendInteger(hundredths / 100);
        var fraction = hundredths % 100;
        if (fraction == 0)
        {
            return;
        }

        Append((byte)'.');
        Append((byte)('0' + fraction / 10));
        if (fraction % 10 != 0)
        {
            Append((byte)('0' + fraction % 10));
        }
    }

    public void AppendDouble(double value, string format)
    {
        var span = Reserve(32);
        value.TryFormat(span, out var written, format, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>The date of day number <paramref name="days"/> (since 1970-01-01) as yyyy-MM-dd.</summary>
    public void AppendDate(int days)
    {
        var (year, month, day) = CivilCalendar.CivilFromDays(days);
        var span = Reserve(10);
        Write4(span, year);
        span[4] = (byte)'-';
        Write2(span[5..], month);
        span[7] = (byte)'-';
        Write2(span[8..], day);
        _length += 10;
    }

    /// <summary>Seconds since 1970-01-01 00:00:00 as yyyy-MM-dd HH:mm:ss.</summary>
    public void AppendTimestamp(long unixSeconds)
    {
        var days = (int)Math.Floor(unixSeconds / (double)CivilCalendar.SecondsPerDay);
        var secondOfDay = (int)(unixSeconds - days * CivilCalendar.SecondsPerDay);
        AppendDate(days);
        var span = Reserve(9);
        span[0] = (byte)' ';
        Write2(span[1..], secondOfDay / 3600);
        span[3] = (byte)':';
        Write2(span[4..], secondOfDay / 60 % 60);
        span[6] = (byte)':';
        Write2(span[7..], secondOfDay % 60);
        _length += 9;
    }

    public void Dispose()
    {
        var data = _data;
        _data = [];
        _length = 0;
        if (data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _data.Length)
        {
            Grow(count);
        }

        return _data.AsSpan(_length);
    }

    private void Grow(int extra)
    {
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(_data.Length * 2, _length + extra));
        _data.AsSpan(0, _length).CopyTo(next);
        if (_data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_data);
        }

        _data = next;
    }

    private static void Write2(Span<byte> span, int value)
    {
        span[0] = (byte)('0' + value / 10);
        span[1] = (byte)('0' + value % 10);
    }

    private static void Write4(Span<byte> span, int value)
    {
        span[0] = (byte)('0' + value / 1000 % 10);
        span[1] = (byte)('0' + value / 100 % 10);
        span[2] = (byte)('0' + value / 10 % 10);
        span[3] = (byte)('0' + value % 10);
    }
}
