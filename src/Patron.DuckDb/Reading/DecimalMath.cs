using System.Globalization;

namespace Patron.DuckDb.Reading;

/// <summary>Conversions between DuckDB's unscaled DECIMAL integers and .NET numbers and text.</summary>
internal static class DecimalMath
{
    private const int MaxDecimalScale = 28;

    private static readonly UInt128 DecimalMantissaLimit = UInt128.One << 96;

    // Powers of ten up to 1e22 are exact doubles, so dividing an exact integer by one is correctly rounded.
    private static readonly double[] ExactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>10 to the power <paramref name="exponent"/> (0 to 38), exactly.</summary>
    public static Int128 PowerOfTen(int exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exponent, 38);
        Int128 power = 1;
        for (var i = 0; i < exponent; i++)
        {
            power *= 10;
        }

        return power;
    }

    public static double ToDouble(Int128 unscaled, int scale)
    {
        if (scale < ExactPowersOfTen.Length && Int128.Abs(unscaled) < (Int128.One << 53))
        {
            return (double)(long)unscaled / ExactPowersOfTen[scale];
        }

        return ToDecimalOrNull(unscaled, scale) is { } exact ? (double)exact : (double)unscaled / Math.Pow(10, scale);
    }

    /// <summary>The exact value, or the nearest one with fewer fractional digits when it needs more than 96 bits.</summary>
    /// <exception cref="OverflowException">The integer part alone needs more than 96 bits.</exception>
    public static decimal ToDecimal(Int128 unscaled, int scale) =>
        ToDecimalOrNull(unscaled, scale) ?? throw new OverflowException(
            $"The DECIMAL value {Format(unscaled, scale)} is outside the range of System.Decimal; read it with GetString or GetDouble.");

    public static string Format(Int128 unscaled, int scale)
    {
        var negative = unscaled < 0;
        var digits = (negative ? (UInt128)(-(unscaled + 1)) + 1 : (UInt128)unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale == 0)
        {
            return negative ? "-" + digits : digits;
        }

        if (digits.Length <= scale)
        {
            digits = new string('0', scale - digits.Length + 1) + digits;
        }

        var point = digits.Length - scale;
        return string.Concat(negative ? "-" : string.Empty, digits.AsSpan(0, point), ".", digits.AsSpan(point));
    }

    /// <summary>Splits a <see cref="decimal"/> into DuckDB's unscaled integer and scale.</summary>
    public static (Int128 Unscaled, byte Scale) FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var negative = bits[3] < 0;
        var scale = (byte)((bits[3] >> 16) & 0xFF);
        return (negative ? -magnitude : magnitude, scale);
    }

    private static decimal? ToDecimalOrNull(Int128 unscaled, int scale)
    {
        var negative = unscaled < 0;
        var magnitude = negative ? (UInt128)(-(unscaled + 1)) + 1 : (UInt128)unscaled;
        while (scale > 0 && (scale > MaxDecimalScale || magnitude >= DecimalMantissaLimit))
        {
            // Round half away from zero while dropping a fractional digit.
            var (quotient, remainder) = UInt128.DivRem(magnitude, 10);
            magnitude = remainder >= 5 ? quotient + 1 : quotient;
            scale--;
        }

        if (magnitude >= DecimalMantissaLimit)
        {
            return null;
        }

        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, (byte)scale);
    }
}
