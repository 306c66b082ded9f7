namespace Patron.Pipeline.Tasks;

/// <summary>An 80 % interval for a value prediction from the model's own out-of-time record: customers are grouped by
/// predicted decile, and the interval of a new prediction is the 10th to 90th percentile of what customers of its
/// decile actually spent.</summary>
/// <remarks>Distribution-free and honest about the model's errors on this shop; it assumes the next horizon behaves
/// like the last one.</remarks>
internal static class EmpiricalInterval
{
    private const int Groups = 10;

    public static (double[] Lower, double[] Upper) Build(double[] pastPredictions, double[] pastActuals, double[] predictions)
    {
        ArgumentNullException.ThrowIfNull(pastPredictions);
        ArgumentNullException.ThrowIfNull(pastActuals);
        ArgumentNullException.ThrowIfNull(predictions);
        var n = pastPredictions.Length;
        var lower = new double[predictions.Length];
        var upper = new double[predictions.Length];
        if (n < Groups)
        {
            Array.Fill(lower, double.NaN);
            Array.Fill(upper, double.NaN);
            return (lower, upper);
        }

        var order = new int[n];
        var keys = (double[])pastPredictions.Clone();
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        var edges = new double[Groups - 1];
        var low = new double[Groups];
        var high = new double[Groups];
        for (var g = 0; g < Groups; g++)
        {
            var start = g * n / Groups;
            var end = (g + 1) * n / Groups;
            if (g > 0)
            {
                edges[g - 1] = keys[start];
            }

            var actual = new double[end - start];
            for (var k = start; k < end; k++)
            {
                actual[k - start] = pastActuals[order[k]];
            }

            Array.Sort(actual);
            low[g] = Quantile(actual, 0.1);
            high[g] = Quantile(actual, 0.9);
        }

        for (var i = 0; i < predictions.Length; i++)
        {
            var g = 0;
            while (g < edges.Length && predictions[i] >= edges[g])
            {
                g++;
            }

            lower[i] = low[g];
            upper[i] = high[g];
        }

        return (lower, upper);
    }

    private static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Length - 1);
        var i = (int)Math.Floor(position);
        var j = Math.Min(i + 1, sorted.Length - 1);
        return sorted[i] + (position - i) * (sorted[j] - sorted[i]);
    }
}
