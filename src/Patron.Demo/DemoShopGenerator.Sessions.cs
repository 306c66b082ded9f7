using Patron.Demo.Simulation;

namespace Patron.Demo;

public static partial class DemoShopGenerator
{
    private static DemoShopSessions ToSessions(SessionTally tally, double browseScale) => new()
    {
        Purchase = tally.History[(int)VisitReason.Purchase],
        Browse = tally.History[(int)VisitReason.Browse],
        AfterDropout = tally.History[(int)VisitReason.AfterDropout],
        Anonymous = tally.History[(int)VisitReason.Anonymous],
        Future = tally.Future[(int)VisitReason.Purchase] + tally.Future[(int)VisitReason.Browse]
                 + tally.Future[(int)VisitReason.AfterDropout] + tally.Future[(int)VisitReason.Anonymous],
        BrowseScale = browseScale,
    };

    /// <summary>What the pilot run measured, per <see cref="PilotCustomers"/> customers.</summary>
    private readonly record struct PilotRun(double RowsPerCustomer, long Orders, long FirstOrders, double BrowseExposure);

    /// <summary>Data rows written: transactions (history, future window) and sessions (history, future window).</summary>
    private readonly record struct BlockTotals(long History, long Future, long Sessions, long FutureSessions);
}
