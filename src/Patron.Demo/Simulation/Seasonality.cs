using Patron.Demo.Output;
using Patron.Demo.Randomness;

namespace Patron.Demo.Simulation;

/// <summary>
/// The purchase intensity profile over the simulated hours: weekly (weekend-heavier), yearly (November/December
/// peak, summer dip) and hour-of-day factors, each normalised to mean one over its cycle and multiplied. Purchases are
/// drawn by thinning: candidates at rate λ · <see cref="Peak"/>, each kept with probability
/// <see cref="Acceptance"/> of its hour, which yields intensity λ · profile(t).
/// </summary>
internal sealed class Seasonality
{
    /// <summary>Monday to Sunday.</summary>
    private static readonly double[] Weekly = [0.92, 0.90, 0.93, 0.95, 1.00, 1.18, 1.12];

    /// <summary>January to December.</summary>
    private static readonly double[] Yearly = [0.92, 0.85, 0.95, 0.95, 0.95, 0.85, 0.78, 0.80, 0.95, 1.02, 1.45, 1.55];

    /// <summary>Hours 0 to 23: a quiet night, a lunch bump and an evening peak.</summary>
    private static readonly double[] Hourly =
    [
        0.25, 0.15, 0.10, 0.08, 0.08, 0.12, 0.30, 0.55, 0.80, 1.00, 1.10, 1.20,
        1.35, 1.30, 1.15, 1.10, 1.15, 1.30, 1.55, 1.80, 1.90, 1.70, 1.20, 0.60,
    ];

    /// <summary>Browsing follows the purchase profile raised to this power: the same calendar, flattened.</summary>
    private const double BrowseExponent = 0.8;

    private readonly float[] _acceptance;
    private readonly float[] _browseDayAcceptance;
    private readonly double[] _browseHourCumulative = new double[24];

    public Seasonality(int firstDay, int dayCount)
    {
        var weekly = Normalise(Weekly, null);
        var yearly = Normalise(Yearly, [31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
        var hourly = Normalise(Hourly, null);
        var profile = new double[dayCount * 24];
        var dayFactors = new double[dayCount];
        var peak = 0.0;
        for (var d = 0; d < dayCount; d++)
        {
            var day = firstDay + d;
            var (_, month, _) = CivilCalendar.CivilFromDays(day);
            var dayFactor = weekly[CivilCalendar.DayOfWeek(day)] * yearly[month - 1];
            dayFactors[d] = dayFactor;
            for (var h = 0; h < 24; h++)
            {
                var value = dayFactor * hourly[h];
                profile[d * 24 + h] = value;
                peak = Math.Max(peak, value);
            }
        }

        _acceptance = new float[profile.Length];
        for (var i = 0; i < profile.Length; i++)
        {
            _acceptance[i] = (float)(profile[i] / peak);
        }

        Peak = peak;

        // The flattened profile (day × hour)^e factors into a day part and an hour part: visits are thinned by day only
        // (acceptance above one half) and given an hour from the flattened hourly weights, instead of thinning every
        // candidate against the far lower hourly acceptance.
        var dayPeak = 0.0;
        for (var d = 0; d < dayCount; d++)
        {
            dayPeak = Math.Max(dayPeak, dayFactors[d]);
        }

        _browseDayAcceptance = new float[dayCount];
        var daySum = 0.0;
        for (var d = 0; d < dayCount; d++)
        {
            _browseDayAcceptance[d] = (float)Math.Pow(dayFactors[d] / dayPeak, BrowseExponent);
            daySum += _browseDayAcceptance[d];
        }

        BrowseMeanDayAcceptance = dayCount == 0 ? 1.0 : daySum / dayCount;
        var hourSum = 0.0;
        for (var h = 0; h < 24; h++)
        {
            hourSum += Math.Pow(hourly[h], BrowseExponent);
            _browseHourCumulative[h] = hourSum;
        }
    }

    /// <summary>The largest profile value: candidate purchases are drawn at λ times this.</summary>
    public double Peak { get; }

    /// <summary>Mean of <see cref="BrowseDayAcceptance"/> over the simulated days: candidates at rate β / this give mean rate β.</summary>
    public double BrowseMeanDayAcceptance { get; }

    /// <summary>
    /// Browsing follows the purchase profile to the power 0.8: the same calendar, flattened, so a session is a little
    /// more likely to end in an order in the evening, on weekends and in the winter peak, but only mildly. This is the
    /// day part: the probability that a candidate visit on day <paramref name="dayOffset"/> is kept.
    /// </summary>
    public float BrowseDayAcceptance(double dayOffset) => _browseDayAcceptance[(int)dayOffset];

    /// <summary>Mean of <see cref="BrowseDayAcceptance"/> over days [from, to) since the first day.</summary>
    public double BrowseDayAcceptanceMean(int from, int to)
    {
        var sum = 0.0;
        for (var d = from; d < to; d++)
        {
            sum += _browseDayAcceptance[d];
        }

        return to > from ? sum / (to - from) : 1.0;
    }

    /// <summary>The hour part of the flattened profile: a time of day, as a fraction of a day, drawn by the flattened hourly weights.</summary>
    public double BrowseTimeOfDay(ref Xoshiro256StarStar rng) =>
        (Sampling.FromCumulative(ref rng, _browseHourCumulative) + rng.NextDouble()) / 24.0;

    /// <summary>Probability that a candidate at <paramref name="dayOffset"/> (days since the first day) is kept.</summary>
    public float Acceptance(double dayOffset) => _acceptance[(int)(dayOffset * 24.0)];

    /// <summary>Cumulative hourly weights, to place a time of day on purchases not drawn by thinning (the first one).</summary>
    public static double[] HourlyCumulative()
    {
        var result = new double[24];
        var sum = 0.0;
        for (var h = 0; h < 24; h++)
        {
            sum += Hourly[h];
            result[h] = sum;
        }

        return result;
    }

    private static double[] Normalise(double[] factors, double[]? lengths)
    {
        var sum = 0.0;
        var weight = 0.0;
        for (var i = 0; i < factors.Length; i++)
        {
            var w = lengths?[i] ?? 1.0;
            sum += factors[i] * w;
            weight += w;
        }

        var result = new double[factors.Length];
        for (var i = 0; i < factors.Length; i++)
        {
            result[i] = factors[i] * weight / sum;
        }

        return result;
    }
}
