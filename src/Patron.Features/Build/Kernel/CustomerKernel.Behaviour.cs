namespace Patron.Features.Build.Kernel;

/// <summary>Behaviour features (as in <c>FeatureRegistry.Behaviour.cs</c>): orders, revenue, returns, gaps, tenure, payment mix.</summary>
internal sealed partial class CustomerKernel
{
    private void Behaviour(int row, in OrderTotals t, in SideValues side)
    {
        var f = _block;
        var tenureStart = side.RegisteredDay is { } registered ? Math.Min(registered, t.FirstDay) : t.FirstDay;
        var tenure = (long)_cutoffDay - tenureStart;
        f.Set(C.Orders, row, t.Purchases);
        f.Set(C.GrossRevenue, row, Money(t.Gross));
        f.Set(C.ReturnedAmount, row, Money(t.Returned));
        f.Set(C.NetRevenue, row, Money(t.Net));
        f.Set(C.Items, row, Money(t.Items));
        f.Set(C.AverageOrderValue, row, t.AverageOrderValue);
        if (t.GapCount > 0)
        {
            f.Set(C.GapMean, row, (double)t.GapSum / t.GapCount);
        }

        if (t.GapCount > 1)
        {
            var squares = (double)t.GapSquares - ((double)(t.GapSum * t.GapSum) / t.GapCount);
            f.Set(C.GapStd, row, Math.Sqrt(Math.Max(squares, 0) / (t.GapCount - 1)));
        }

        f.Set(C.DaysSinceFirst, row, (long)_cutoffDay - t.FirstDay);
        f.Set(C.DaysSinceLast, row, (long)_cutoffDay - t.LastDay);
        f.Set(C.Tenure, row, tenure);
        f.Set(C.OrdersPerWeek, row, t.Purchases * 7.0 / Math.Max(tenure, 1));
        f.Set(C.ReturnOrders, row, t.ReturnOrders);
        f.Set(C.ReturnRate, row, (double)t.ReturnOrders / t.Purchases);
        f.Set(C.DiscountShare, row, (double)t.Discounted / t.Purchases);
        if (t.KnownPayment > 0)
        {
            for (var p = 1; p <= 5; p++)
            {
                f.Set(C.PaymentShares[p - 1], row, (double)t.Payment[p] / t.KnownPayment);
            }
        }
    }
}
