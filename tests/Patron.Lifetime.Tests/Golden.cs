using System.Globalization;

namespace Patron.Lifetime.Tests;

/// <summary>Comparisons against published numbers at the precision they were published with.</summary>
internal static class Golden
{
    /// <summary>Equal when rounded to <paramref name="digits"/> significant digits (half a unit of the last digit).</summary>
    public static void AssertSignificant(double expected, double actual, int digits = 3)
    {
        var unit = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(expected))) - (digits - 1));
        Assert.True(Math.Abs(actual - expected) <= 0.5 * unit,
            string.Create(CultureInfo.InvariantCulture, $"expected {expected} to {digits} significant digits, got {actual}"));
    }

    public static void AssertRelative(double expected, double actual, double tolerance)
    {
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected),
            string.Create(CultureInfo.InvariantCulture, $"expected {expected} within {tolerance} relative, got {actual}"));
    }
}
