namespace Patron.Lifetime.Data;

/// <summary>Conversions between calendar days and a <see cref="TimeUnit"/>.</summary>
public static class TimeUnitExtensions
{
    /// <summary>Days in one unit.</summary>
    public static double DaysPerUnit(this TimeUnit unit) => unit switch
    {
        TimeUnit.Days => 1.0,
        TimeUnit.Weeks => 7.0,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };

    /// <summary>Units in an average month (365.25 / 12 days), used for monthly discounting.</summary>
    public static double UnitsPerMonth(this TimeUnit unit) => 365.25 / 12.0 / unit.DaysPerUnit();

    /// <summary>Parses <c>days</c> or <c>weeks</c> (case-insensitive).</summary>
    public static TimeUnit Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "days" or "day" or "d" => TimeUnit.Days,
        "weeks" or "week" or "w" => TimeUnit.Weeks,
        _ => throw new FormatException($"Unknown time unit '{text}': expected days or weeks."),
    };
}
