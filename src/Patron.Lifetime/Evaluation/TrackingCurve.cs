using Patron.Lifetime.Data;
using Patron.Lifetime.Models;

namespace Patron.Lifetime.Evaluation;

/// <summary>Cumulative repeat transactions of a cohort over time: what the model expects and, when the log is known, what happened.</summary>
/// <param name="Times">Grid points, in the summary's unit, measured from the cohort's earliest first purchase.</param>
/// <param name="Expected">Σᵢ E[X(t − bᵢ)] over customers, bᵢ being customer i's first purchase time (FHL 2005, figure 3).</param>
/// <param name="Actual">Observed cumulative repeat transactions at each grid point; null without a transaction log.</param>
/// <param name="CalibrationEnd">The calibration cutoff on the same axis.</param>
public sealed record TrackingCurve(double[] Times, double[] Expected, double[]? Actual, double CalibrationEnd)
{
    /// <summary>Builds the curve on a grid of <paramref name="step"/> up to <paramref name="end"/> (both in the summary's unit, from the earliest first purchase).</summary>
    /// <param name="model">Purchase model.</param>
    /// <param name="summary">Calibration summary; first purchases are recovered as cutoff − T.</param>
    /// <param name="end">Last grid point; for a holdout evaluation the end of the holdout.</param>
    /// <param name="step">Grid spacing.</param>
    /// <param name="log">The transaction log the summary was built from, for the actual curve (optional).</param>
    /// <param name="cutoff">The calibration cutoff date, needed with <paramref name="log"/>.</param>
    public static TrackingCurve Compute(ITransactionModel model, CustomerSummary summary, double end, double step, TransactionLog? log = null, DateOnly? cutoff = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        var maxAge = 0.0;
        for (var i = 0; i < summary.Count; i++)
        {
            maxAge = Math.Max(maxAge, summary.Age[i]);
        }

        // Customers who started at the same time share one expectation curve.
        var births = new Dictionary<double, int>();
        for (var i = 0; i < summary.Count; i++)
        {
            var birth = maxAge - summary.Age[i];
            births[birth] = births.GetValueOrDefault(birth) + 1;
        }

        var points = (int)Math.Floor(end / step + 1e-9) + 1;
        var times = new double[points];
        var expected = new double[points];
        for (var k = 0; k < points; k++)
        {
            times[k] = k * step;
        }

        var cohorts = new KeyValuePair<double, int>[births.Count];
        ((ICollection<KeyValuePair<double, int>>)births).CopyTo(cohorts, 0);
        var partial = new double[cohorts.Length * points];
        Parallel.For(0, cohorts.Length, c =>
        {
            var (birth, count) = cohorts[c];
            for (var k = 0; k < points; k++)
            {
                partial[c * points + k] = times[k] > birth ? count * model.ExpectedPurchases(times[k] - birth) : 0.0;
            }
        });

        for (var c = 0; c < cohorts.Length; c++)
        {
            for (var k = 0; k < points; k++)
            {
                expected[k] += partial[c * points + k];
            }
        }

        double[]? actual = null;
        if (log is not null && cutoff is { } cut)
        {
            actual = ObservedCumulative(summary, log, cut, maxAge, times);
        }

        return new TrackingCurve(times, expected, actual, maxAge);
    }

    private static double[] ObservedCumulative(CustomerSummary summary, TransactionLog log, DateOnly cutoff, double maxAge, double[] times)
    {
        var daysPerUnit = summary.Unit.DaysPerUnit();
        var origin = cutoff.DayNumber - maxAge * daysPerUnit;
        var cohort = new HashSet<string>(summary.CustomerIds, StringComparer.Ordinal);
        // Repeat transactions are distinct purchase days after each customer's first day.
        var firstDay = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<(string, int)>();
        var order = new int[log.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var days = (int[])log.Days.Clone();
        Array.Sort(days, order);
        var increments = new double[times.Length];
        foreach (var i in order)
        {
            var id = log.CustomerIds[i];
            if (!cohort.Contains(id) || !seen.Add((id, log.Days[i])))
            {
                continue;
            }

            if (!firstDay.TryAdd(id, log.Days[i]))
            {
                var t = (log.Days[i] - origin) / daysPerUnit;
                var k = (int)Math.Ceiling(t / (times.Length > 1 ? times[1] : 1.0) - 1e-9);
                if (k < times.Length)
                {
                    increments[Math.Max(k, 0)]++;
                }
            }
        }

        var cumulative = new double[times.Length];
        var running = 0.0;
        for (var k = 0; k < times.Length; k++)
        {
            running += increments[k];
            cumulative[k] = running;
        }

        return cumulative;
    }
}
