namespace Patron.Learning.Uplift;

/// <summary>Qini and uplift curves and uplift@k of a ranking on a randomized experiment.</summary>
/// <remarks>
/// Customers are ranked by score, highest first (a stable order: ties keep their input order, and customers with equal
/// scores form one step of the curve, as a ranking cannot tell them apart). After the first k, with n_t(k) treated and
/// n_c(k) control customers whose outcomes sum to Y_t(k) and Y_c(k):
/// Qini(k) = Y_t(k) − Y_c(k) · n_t(k) / n_c(k) (the second term 0 when n_c(k) = 0), and
/// Uplift(k) = (Y_t(k) / n_t(k) − Y_c(k) / n_c(k)) · k (a mean of an empty group counting 0).
/// These are the definitions of scikit-uplift's <c>qini_curve</c> and <c>uplift_curve</c> (sklift.metrics); uplift@k is
/// its <c>uplift_at_k</c> with <c>average='first'</c>: among the first ceil(k · n) customers, the treated mean minus the
/// control mean. docs/experiments.md explains them.
/// </remarks>
public static class UpliftCurves
{
    /// <summary>The Qini curve of <paramref name="score"/>.</summary>
    public static UpliftCurve Qini(ReadOnlySpan<double> outcome, ReadOnlySpan<bool> treated, ReadOnlySpan<double> score) =>
        Curve(outcome, treated, score, qini: true);

    /// <summary>The uplift curve of <paramref name="score"/> (its area is the AUUC).</summary>
    public static UpliftCurve Uplift(ReadOnlySpan<double> outcome, ReadOnlySpan<bool> treated, ReadOnlySpan<double> score) =>
        Curve(outcome, treated, score, qini: false);

    /// <summary>Treated mean minus control mean among the first ceil(<paramref name="fraction"/> · n) customers by score;
    /// NaN when that group has no treated or no control customer.</summary>
    public static double UpliftAtK(ReadOnlySpan<double> outcome, ReadOnlySpan<bool> treated, ReadOnlySpan<double> score, double fraction)
    {
        Check(outcome, treated, score);
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Expected a fraction in (0, 1].");
        }

        var order = Rank(score);
        var top = (int)Math.Ceiling(fraction * order.Length - 1e-9);
        var arms = default(ArmSums);
        for (var k = 0; k < top; k++)
        {
            var i = order[k];
            arms.Add(treated[i], outcome[i]);
        }

        return arms.TreatedCount == 0 || arms.ControlCount == 0
            ? double.NaN
            : arms.TreatedSum / arms.TreatedCount - arms.ControlSum / arms.ControlCount;
    }

    /// <summary>Row indices by descending score; ties keep their input order.</summary>
    public static int[] Rank(ReadOnlySpan<double> score)
    {
        var order = new int[score.Length];
        var keys = new double[score.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            if (double.IsNaN(score[i]))
            {
                throw new ArgumentException($"Score {i} is NaN.", nameof(score));
            }

            keys[i] = score[i];
        }

        // A stable sort by descending key: compare keys, then positions.
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
        return order;
    }

    private static UpliftCurve Curve(ReadOnlySpan<double> outcome, ReadOnlySpan<bool> treated, ReadOnlySpan<double> score, bool qini)
    {
        Check(outcome, treated, score);
        var order = Rank(score);
        var counts = new List<int>(order.Length + 1) { 0 };
        var values = new List<double>(order.Length + 1) { 0.0 };
        var arms = default(ArmSums);
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            arms.Add(treated[i], outcome[i]);

            // A point only where the next score differs, so tied customers make one step.
            if (k + 1 < order.Length && score[order[k + 1]] == score[i])
            {
                continue;
            }

            var all = k + 1;
            var (sumT, sumC, nT, nC) = (arms.TreatedSum, arms.ControlSum, arms.TreatedCount, arms.ControlCount);
            double value;
            if (qini)
            {
                value = sumT - (nC == 0 ? 0 : sumC * nT / nC);
            }
            else
            {
                value = ((nT == 0 ? 0 : sumT / nT) - (nC == 0 ? 0 : sumC / nC)) * all;
            }

            counts.Add(all);
            values.Add(value);
        }

        return new UpliftCurve([.. counts], [.. values], order.Length);
    }

    private static void Check(ReadOnlySpan<double> outcome, ReadOnlySpan<bool> treated, ReadOnlySpan<double> score)
    {
        if (outcome.Length != treated.Length || outcome.Length != score.Length)
        {
            throw new ArgumentException($"Outcomes ({outcome.Length}), treatment flags ({treated.Length}) and scores ({score.Length}) differ in length.");
        }
    }

    /// <summary>Running outcome sums and counts of the treated and control customers seen so far.</summary>
    private struct ArmSums
    {
        public double TreatedSum;
        public double ControlSum;
        public long TreatedCount;
        public long ControlCount;

        public void Add(bool treated, double outcome)
        {
            if (treated)
            {
                TreatedSum += outcome;
                TreatedCount++;
            }
            else
            {
                ControlSum += outcome;
                ControlCount++;
            }
        }
    }
}
