using Microsoft.Extensions.Hosting;
using Patron.Server.Store;

namespace Patron.Server.Dashboard;

/// <summary>Builds the dashboard's tables in the background as soon as a run is loaded (and again when a new run is),
/// so that no page request waits for the build; until it is done pages say so and show what the run folder gives.</summary>
internal sealed class DashboardWarmup(SnapshotHolder holder, DashboardSource source) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!source.Configured)
        {
            return;
        }

        string? prepared = null;
        using var timer = new PeriodicTimer(Poll);
        do
        {
            if (holder.Current is { } snapshot && snapshot.Version != prepared)
            {
                source.Prepare(snapshot);
                prepared = snapshot.Version;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
