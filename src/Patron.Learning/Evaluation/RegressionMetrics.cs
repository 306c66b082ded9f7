namespace Patron.Learning.Evaluation;

/// <summary>Metrics of real-valued predictions, including the lifetime-value metrics of Wang, Liu &amp; Miao (2019),
/// "A Deep Probabilistic Model for Customer Lifetime Value Prediction": normalized Gini and decile MAPE.</summary>
public static class RegressionMetrics
{
    /// <summary>Root mean squared error (weighted mean when weights are given).</summary>
    public static double Rmse(ReadOnlySpan<double> label, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default)
    {
        MetricGuards.CheckLengths(label, prediction, weight);
        double sum = 0, total = 0;
        for (var i = 0; i < label.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            var d = prediction[i] - label[i];
            sum += w * d * d;
            total += w;
        }

        return Math.Sqrt(sum / total);
    }

    /// <summary>Mean absolute error.</summary>
    public static double Mae(ReadOnlySpan<double> label, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default)
    {
        MetricGuards.CheckLengths(label, prediction, weight);
        double sum = 0, total = 0;
        for (var i = 0; i < label.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            sum += w * Math.Abs(prediction[i] - label[i]);
            total += w;
        }

        return sum / total;
    }

    /// <summary>Coefficient of determination 1 − SS_res / SS_tot (1 for a perfect fit, can be negative).</summary>
    public static double R2(ReadOnlySpan<double> label, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default)
    {
        MetricGuards.CheckLengths(label, prediction, weight);
        double mean = 0, total = 0;
        for (var i = 0; i < label.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            mean += w * label[i];
            total += w;
        }

        mean /= total;
        double res = 0, tot = 0;
        for (var i = 0; i < label.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            res += w * (label[i] - prediction[i]) * (label[i] - prediction[i]);
            tot += w * (label[i] - mean) * (label[i] - mean);
        }

        return tot > 0 ? 1 - (res / tot) : (res == 0 ? 1.0 : 0.0);
    }

    /// <summary>Spearman's rank correlation: Pearson correlation of the ranks, tied values sharing their average rank.</summary>
    public static double Spearman(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        MetricGuards.CheckLengths(a, b, default);
        return Pearson(AverageRanks(a), AverageRanks(b));
    }

    /// <summary>Gini of the gain curve divided by that of the perfect ordering (Wang, Liu &amp; Miao 2019): rows sorted by
    /// descending prediction (ties by row order), gain_k = share of the label total in the top k rows,
    /// Gini = 2·mean(gain) − 1.</summary>
    public static double NormalizedGini(ReadOnlySpan<double> label, ReadOnlySpan<double> prediction)
    {
        MetricGuards.CheckLengths(label, prediction, default);
        var perfect = Gini(label, Ordering.Descending(label));
        if (perfect == 0)
        {
            throw new ArgumentException("Normalized Gini is undefined when every label is equal or the label total is 0.", nameof(label));
        }

        return Gini(label, Ordering.Descending(prediction)) / perfect;
    }

    /// <summary>Decile MAPE (Wang, Liu &amp; Miao 2019): rows cut into 10 equal groups by ascending prediction (ties by row
    /// order); per group the mean label and mean prediction; the mean of |mean prediction − mean label| / mean label over
    /// groups whose mean label is not 0.</summary>
    public static double DecileMape(ReadOnlySpan<double> label, ReadOnlySpan<double> prediction)
    {
        MetricGuards.CheckLengths(label, prediction, default);
        var order = Ordering.Ascending(prediction);
        var n = order.Length;
        double sum = 0;
        var groups = 0;
        for (var d = 0; d < 10; d++)
        {
            var start = (int)((long)d * n / 10);
            var end = (int)((long)(d + 1) * n / 10);
            if (end == start)
            {
                continue;
            }

            double y = 0, p = 0;
            for (var k = start; k < end; k++)
            {
                y += label[order[k]];
                p += prediction[order[k]];
            }

            y /= end - start;
            p /= end - start;
            if (y != 0)
            {
                sum += Math.Abs(p - y) / Math.Abs(y);
                groups++;
            }
        }

        return groups > 0 ? sum / groups : double.NaN;
    }

    /// <summary>Per decile of descending prediction: mean prediction, label total and mean, lift and cumulative gain.</summary>
    public static IReadOnlyList<DecileRow> Deciles(ReadOnlySpan<double> label, ReadOnlySpan<double> prediction)
    {
        MetricGuards.CheckLengths(label, prediction, default);
        return DecileTable.Build(label, Ordering.Descending(prediction), prediction);
    }

    internal static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        var order = Ordering.Ascending(values);
        var ranks = new double[values.Length];
        var start = 0;
        for (var k = 1; k <= order.Length; k++)
        {
            if (k == order.Length || values[order[k]] != values[order[start]])
            {
                // Ranks are 1-based; a tie group from start to k−1 shares the mean of its ranks.
                var rank = (start + k + 1) / 2.0;
                for (var t = start; t < k; t++)
                {
                    ranks[order[t]] = rank;
                }

                start = k;
            }
        }

        return ranks;
    }

    private static double Pearson(double[] a, double[] b)
    {
        double ma = 0, mb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= a.Length;
        mb /= b.Length;
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }

    private static double Gini(ReadOnlySpan<double> label, int[] order)
    {
        var total = 0.0;
        foreach (var y in label)
        {
            total += y;
        }

        if (total == 0)
        {
            return 0;
        }

        double cumulative = 0, gainSum = 0;
        foreach (var i in order)
        {
            cumulative += label[i];
            gainSum += cumulative / total;
        }

        return (2 * gainSum / order.Length) - 1;
    }
}
