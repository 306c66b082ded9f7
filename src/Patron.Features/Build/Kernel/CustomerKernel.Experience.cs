namespace Patron.Features.Build.Kernel;

/// <summary>Experience features: reviews, delivery and installments.</summary>
internal sealed partial class CustomerKernel
{
    private void Experience(int row, in OrderTotals t, in SideValues side)
    {
        var f = _block;
        if (_reviews)
        {
            f.Set(C.ReviewCount, row, side.ReviewCount ?? 0);
            f.Set(C.ReviewScoreMean, row, side.ReviewScoreMean);
            f.Set(C.LowReviewShare, row, side.LowReviewShare);
        }

        if (t.DeliveryCount > 0)
        {
            f.Set(C.DeliveryDaysMean, row, (double)t.DeliverySum / t.DeliveryCount);
        }

        if (t.DelayCount > 0)
        {
            f.Set(C.DeliveryDelayMean, row, (double)t.DelaySum / t.DelayCount);
        }

        if (t.InstallmentCount > 0)
        {
            f.Set(C.InstallmentsMean, row, (double)t.InstallmentSum / t.InstallmentCount);
        }
    }
}
