namespace Patron.Features.Build.Kernel;

/// <summary>Time features (as in <c>FeatureRegistry.Time.cs</c>): quarters, weekday and hour mix, windows, trend.</summary>
internal sealed partial class CustomerKernel
{
    private void Time(int row, in OrderTotals t)
    {
        var f = _block;
        for (var q = 0; q < 4; q++)
        {
            f.Set(C.Quarters[q], row, Money(t.Quarters[q]));
        }

        f.Set(C.WeekendShare, row, (double)t.Weekend / t.Purchases);
        f.Set(C.Night, row, (double)t.Night / t.Purchases);
        f.Set(C.Morning, row, (double)t.Morning / t.Purchases);
        f.Set(C.Afternoon, row, (double)t.Afternoon / t.Purchases);
        f.Set(C.Evening, row, (double)t.Evening / t.Purchases);
        f.Set(C.Orders7, row, t.Orders7);
        f.Set(C.Orders30, row, t.Orders30);
        f.Set(C.Orders90, row, t.Orders90);
        f.Set(C.Orders365, row, t.Orders365);
        f.Set(C.Spend7, row, Money(t.Spend7));
        f.Set(C.Spend30, row, Money(t.Spend30));
        f.Set(C.Spend90, row, Money(t.Spend90));
        f.Set(C.Spend365, row, Money(t.Spend365));
        f.Set(C.OrdersPrev90, row, t.OrdersPrev90);
        f.Set(C.SpendPrev90, row, Money(t.SpendPrev90));
        f.Set(C.OrderAcceleration, row, t.Orders90 - t.OrdersPrev90);
        f.Set(C.SpendAcceleration, row, Money(t.Spend90 - t.SpendPrev90));
        // Least squares over 12 monthly points x = -m: the centred x sum to zero and their squares to 143.
        f.Set(C.MonthlySlope, row, t.SlopeWeighted / 2.0 / Million / 143.0);
        f.Set(C.MaxSpend30, row, Money(LargestWindow(_dailySpend, 30)));
    }

    /// <summary>The largest sum over any <paramref name="days"/> consecutive days, the window ending on a day with spend.</summary>
    private static long LargestWindow(List<(int Day, long Spend)> daily, int days)
    {
        long best = long.MinValue, window = 0;
        var from = 0;
        for (var to = 0; to < daily.Count; to++)
        {
            window += daily[to].Spend;
            while (daily[from].Day <= daily[to].Day - days)
            {
                window -= daily[from++].Spend;
            }

            best = Math.Max(best, window);
        }

        return best;
    }
}
