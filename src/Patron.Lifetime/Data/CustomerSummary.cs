namespace Patron.Lifetime.Data;

/// <summary>The calibration/holdout summary per customer that the lifetime models consume, stored column by column.</summary>
/// <remarks>
/// Conventions of the literature (Fader, Hardie &amp; Lee 2005): several purchases on one day are one transaction;
/// <see cref="Frequency"/> x counts repeat transactions (the first purchase is not counted); <see cref="Recency"/> t_x
/// is the time from the first purchase to the last one (0 when x = 0); <see cref="Age"/> T is the time from the
/// first purchase to the end of calibration. All times are in <see cref="Unit"/>. <see cref="MeanRepeatSpend"/> is
/// the mean value of the repeat transactions (0 when x = 0). Holdout columns are null when the summary has none.
/// Arrays are owned by the summary; callers must not modify them.
/// </remarks>
public sealed class CustomerSummary
{
    public CustomerSummary(
        string[] customerIds,
        int[] frequency,
        double[] recency,
        double[] age,
        double[]? meanRepeatSpend,
        int[]? holdoutFrequency,
        double[]? holdoutSpend,
        TimeUnit unit,
        double holdoutLength = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(frequency);
        ArgumentNullException.ThrowIfNull(recency);
        ArgumentNullException.ThrowIfNull(age);
        var n = customerIds.Length;
        Require(frequency.Length == n && recency.Length == n && age.Length == n, "frequency, recency and age");
        Require(meanRepeatSpend is null || meanRepeatSpend.Length == n, "mean repeat spend");
        Require(holdoutFrequency is null || holdoutFrequency.Length == n, "holdout frequency");
        Require(holdoutSpend is null || holdoutSpend.Length == n, "holdout spend");
        for (var i = 0; i < n; i++)
        {
            if (frequency[i] < 0 || !(recency[i] >= 0.0) || !(age[i] >= recency[i]) || !double.IsFinite(age[i]))
            {
                throw new ArgumentException(
                    $"Customer '{customerIds[i]}': expected x >= 0 and 0 <= t_x <= T, got x = {frequency[i]}, t_x = {recency[i]}, T = {age[i]}.");
            }
        }

        CustomerIds = customerIds;
        Frequency = frequency;
        Recency = recency;
        Age = age;
        MeanRepeatSpend = meanRepeatSpend;
        HoldoutFrequency = holdoutFrequency;
        HoldoutSpend = holdoutSpend;
        Unit = unit;
        HoldoutLength = holdoutLength;
    }

    public string[] CustomerIds { get; }

    /// <summary>x: repeat transactions in the calibration period.</summary>
    public int[] Frequency { get; }

    /// <summary>t_x: time of the last transaction, measured from the first.</summary>
    public double[] Recency { get; }

    /// <summary>T: time from the first transaction to the end of calibration.</summary>
    public double[] Age { get; }

    /// <summary>z̄: mean value of the repeat transactions; null when the source has no spend.</summary>
    public double[]? MeanRepeatSpend { get; }

    /// <summary>x*: transactions in the holdout period; null without holdout.</summary>
    public int[]? HoldoutFrequency { get; }

    /// <summary>Total spend in the holdout period; null without holdout.</summary>
    public double[]? HoldoutSpend { get; }

    public TimeUnit Unit { get; }

    /// <summary>Length of the holdout period in <see cref="Unit"/>; NaN when unknown.</summary>
    public double HoldoutLength { get; }

    public int Count => CustomerIds.Length;

    /// <summary>A copy with the holdout length set (a summary CSV cannot carry it).</summary>
    public CustomerSummary WithHoldoutLength(double length) =>
        new(CustomerIds, Frequency, Recency, Age, MeanRepeatSpend, HoldoutFrequency, HoldoutSpend, Unit, length);

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new ArgumentException($"The {what} columns must have one value per customer.");
        }
    }
}
