namespace Patron.Learning.Boosting;

/// <summary>Label checks and weighted means shared by the losses.</summary>
internal static class LossMath
{
    /// <summary>The weighted loss summed over the rows and the weight summed over the rows, for one loss's per-row
    /// formula (a struct, so each loss gets its own specialised loop).</summary>
    public static (double Sum, double Weight) Sum<TLoss>(TLoss loss, ReadOnlySpan<double> y, ReadOnlySpan<double> weight, ReadOnlySpan<double> raw)
        where TLoss : struct, IRowLoss
    {
        double sum = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            sum += loss.WeightedLoss(w, y[i], raw[i]);
            total += w;
        }

        return (sum, total);
    }

    public static double WeightedMean(ReadOnlySpan<double> y, ReadOnlySpan<double> weight)
    {
        double sum = 0, total = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[i];
            sum += w * y[i];
            total += w;
        }

        return total > 0 ? sum / total : 0;
    }

    public static void RequireFinite(ReadOnlySpan<double> y, bool nonNegative)
    {
        for (var i = 0; i < y.Length; i++)
        {
            if (!double.IsFinite(y[i]) || (nonNegative && y[i] < 0))
            {
                throw new ArgumentException(
                    $"Label at row {i} is {y[i]}; expected a finite{(nonNegative ? " non-negative" : "")} number.", nameof(y));
            }
        }
    }

    public static void RequirePositiveMean(ReadOnlySpan<double> y, string loss)
    {
        RequireFinite(y, nonNegative: true);
        var any = false;
        foreach (var v in y)
        {
            any |= v > 0;
        }

        if (!any && !y.IsEmpty)
        {
            throw new ArgumentException($"{loss} loss needs at least one positive label; all labels are 0.", nameof(y));
        }
    }
}

/// <summary>One row's loss at its raw score times its weight, in the loss's own order of operations.</summary>
internal interface IRowLoss
{
    double WeightedLoss(double w, double y, double raw);
}
