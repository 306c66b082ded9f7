namespace Patron.Lifetime.Models;

/// <summary>Distinct (x, t_x, T) rows with the number of customers sharing each, the form the likelihoods sum over.</summary>
/// <remarks>Collapsing identical rows into weights changes nothing in the likelihood and makes fits on day- or week-rounded data much cheaper.</remarks>
public sealed class CalibrationRows
{
    private CalibrationRows(int[] x, double[] recency, double[] age, double[] weights)
    {
        X = x;
        Recency = recency;
        Age = age;
        Weights = weights;
        var maxX = 0;
        var total = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            maxX = Math.Max(maxX, x[i]);
            total += weights[i];
        }

        MaxFrequency = maxX;
        TotalWeight = total;
    }

    public int[] X { get; }

    public double[] Recency { get; }

    public double[] Age { get; }

    public double[] Weights { get; }

    public int MaxFrequency { get; }

    public double TotalWeight { get; }

    public int Count => X.Length;

    /// <summary>Collapses identical rows; <paramref name="weights"/> defaults to one per row.</summary>
    public static CalibrationRows Collapse(ReadOnlySpan<int> x, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights = default)
    {
        var n = x.Length;
        if (recency.Length != n || age.Length != n || (!weights.IsEmpty && weights.Length != n))
        {
            throw new ArgumentException("x, t_x, T (and weights) must have the same length.");
        }

        var index = new Dictionary<(int, double, double), int>(n);
        var xs = new int[n];
        var txs = new double[n];
        var ts = new double[n];
        var ws = new double[n];
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            var w = weights.IsEmpty ? 1.0 : weights[i];
            if (x[i] < 0 || !(recency[i] >= 0.0) || !(age[i] >= recency[i]) || !double.IsFinite(age[i]) || !(w >= 0.0))
            {
                throw new ArgumentException(FormattableString.Invariant(
                    $"Row {i}: expected x >= 0, 0 <= t_x <= T and weight >= 0, got x = {x[i]}, t_x = {recency[i]}, T = {age[i]}, weight = {w}."));
            }

            if (w == 0.0)
            {
                continue;
            }

            ref var row = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(index, (x[i], recency[i], age[i]), out var exists);
            if (exists)
            {
                ws[row] += w;
            }
            else
            {
                row = count;
                xs[count] = x[i];
                txs[count] = recency[i];
                ts[count] = age[i];
                ws[count] = w;
                count++;
            }
        }

        if (count < n)
        {
            Array.Resize(ref xs, count);
            Array.Resize(ref txs, count);
            Array.Resize(ref ts, count);
            Array.Resize(ref ws, count);
        }

        return new CalibrationRows(xs, txs, ts, ws);
    }

    /// <summary>The summary's rows, collapsed.</summary>
    public static CalibrationRows From(Data.CustomerSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Collapse(summary.Frequency, summary.Recency, summary.Age);
    }
}
