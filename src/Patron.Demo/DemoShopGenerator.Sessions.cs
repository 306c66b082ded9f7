using Patron.Demo.Simulation;

namespace Patron.Demo;

public static partial class DemoShopGenerator
{
    private static DemoShopSessions ToSessions(SessionTally tally, double browseScale) => new()
    {
        Purchase = tally.History[(int)SessionKind.Purchase],
        Browse = tally.History[(int)SessionKind.Browse],
        AfterDropout = tally.History[(int)SessionKind.AfterDropout],
        Anonymous = tally.History[(int)SessionKind.Anonymous],
        Future = tally.Future[(int)SessionKind.Purchase] + tally.Future[(int)SessionKind.Browse]
                 + tally.Future[(int)SessionKind.AfterDropout] + tally.Future[(int)SessionKind.Anonymous],
        BrowseScale = browseScale,
    };

    /// <summary>What the pilot run measured, per <see cref="PilotCustomers"/> customers.</summary>
    private readonly record struct PilotRun(double RowsPerCustomer, long Orders, long FirstOrders, double BrowseExposure);

    /// <summary>Data rows written: transactions (history, future window) and sessions (history, future window).</summary>
    private readonly record struct BlockTotals(long History, long Future, long Sessions, long FutureSessions);
}
