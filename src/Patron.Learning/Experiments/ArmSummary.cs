namespace Patron.Learning.Experiments;

/// <summary>Count, mean and sample variance (n − 1 in the denominator) of one arm's per-unit outcomes.</summary>
public readonly record struct ArmSummary(long Count, double Mean, double Variance)
{
    /// <summary>Summarises the values in two passes (mean, then squared deviations), which keeps the variance exact to rounding.</summary>
    public static ArmSummary Of(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return new ArmSummary(0, double.NaN, double.NaN);
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        var mean = sum / values.Length;
        var squares = 0.0;
        foreach (var v in values)
        {
            var d = v - mean;
            squares += d * d;
        }

        return new ArmSummary(values.Length, mean, values.Length > 1 ? squares / (values.Length - 1) : double.NaN);
    }

    /// <summary>The squared standard error of the mean, s² / n.</summary>
    public double MeanVariance => Variance / Count;
}
