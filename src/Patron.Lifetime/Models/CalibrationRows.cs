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

        // Open addressing over the distinct rows found so far: no per-row objects, and cheaper than a dictionary of
        // tuples when nearly every row is distinct (continuous t_x and T).
        var capacity = (int)Math.Min(1L << 30, Math.Max(16, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(n, 1)) * 2));
        var mask = capacity - 1;
        var table = new int[capacity];
        Array.Fill(table, -1);
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

            // Adding 0.0 turns −0.0 into +0.0 so equal values hash alike.
            var tx = recency[i] + 0.0;
            var t = age[i] + 0.0;
            var slot = Hash(x[i], tx, t) & mask;
            while (true)
            {
                var row = table[slot];
                if (row < 0)
                {
                    table[slot] = count;
                    xs[count] = x[i];
                    txs[count] = tx;
                    ts[count] = t;
                    ws[count] = w;
                    count++;
                    break;
                }

                if (xs[row] == x[i] && txs[row] == tx && ts[row] == t)
                {
                    ws[row] += w;
                    break;
                }

                slot = (slot + 1) & mask;
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

    /// <summary>Every <paramref name="step"/>-th row (weights kept): a cheap, deterministic sample for warm starts.</summary>
    public CalibrationRows Stride(int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        var m = (Count + step - 1) / step;
        var xs = new int[m];
        var txs = new double[m];
        var ts = new double[m];
        var ws = new double[m];
        for (var k = 0; k < m; k++)
        {
            xs[k] = X[k * step];
            txs[k] = Recency[k * step];
            ts[k] = Age[k * step];
            ws[k] = Weights[k * step];
        }

        return new CalibrationRows(xs, txs, ts, ws);
    }

    private static int Hash(int x, double recency, double age)
    {
        var h = (ulong)BitConverter.DoubleToInt64Bits(recency) * 0x9E3779B97F4A7C15UL;
        h ^= (ulong)BitConverter.DoubleToInt64Bits(age) + 0x632BE59BD9B4E019UL + (h << 6) + (h >> 2);
        h ^= (ulong)(uint)x * 0xC2B2AE3D27D4EB4FUL;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return (int)(h >> 32) & int.MaxValue;
    }

    /// <summary>The summary's rows, collapsed.</summary>
    public static CalibrationRows From(Data.CustomerSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Collapse(summary.Frequency, summary.Recency, summary.Age);
    }
}
