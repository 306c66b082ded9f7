namespace Patron.Demo.Output;

/// <summary>
/// Proleptic Gregorian dates as day numbers since 1970-01-01, using Howard Hinnant's <c>days_from_civil</c> and
/// <c>civil_from_days</c> formulas ("chrono-Compatible Low-Level Date Algorithms"), so the writers can format
/// millions of timestamps without <see cref="DateTime"/> parsing or allocation.
/// </summary>
internal static class CivilCalendar
{
    public const long SecondsPerDay = 86_400;

    public static int DaysFromCivil(int year, int month, int day)
    {
        var y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - era * 400;
        var mp = month > 2 ? month - 3 : month + 9;
        var doy = (153 * mp + 2) / 5 + day - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    public static int DaysFrom(DateOnly date) => DaysFromCivil(date.Year, date.Month, date.Day);

    public static (int Year, int Month, int Day) CivilFromDays(int days)
    {
        var z = days + 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var doe = z - era * 146_097;
        var yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        var day = doy - (153 * mp + 2) / 5 + 1;
        var month = mp < 10 ? mp + 3 : mp - 9;
        var year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }

    /// <summary>Day of week with Monday = 0 (1970-01-01 was a Thursday).</summary>
    public static int DayOfWeek(int days) => (int)(((days + 3L) % 7 + 7) % 7);

    public static int DaysInMonth(int year, int month) => DateTime.DaysInMonth(year, month);
}
