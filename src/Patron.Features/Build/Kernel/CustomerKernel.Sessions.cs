namespace Patron.Features.Build.Kernel;

/// <summary>Session features, from the side stream.</summary>
internal sealed partial class CustomerKernel
{
    private void Sessions(int row, in SideValues side)
    {
        var f = _block;
        if (_sessions)
        {
            f.Set(C.SessionCount, row, side.SessionCount ?? 0);
            f.Set(C.SessionDurationMean, row, side.SessionDurationMean);
            f.Set(C.ViewsPerSession, row, side.ViewsPerSession);
            f.Set(C.SessionPurchaseRate, row, side.SessionPurchaseRate);
            f.Set(C.DaysSinceLastSession, row, side.DaysSinceLastSession);
        }
    }
}
