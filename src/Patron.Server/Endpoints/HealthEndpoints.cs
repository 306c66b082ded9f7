using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Patron.Server.Contracts;
using Patron.Server.Dashboard;
using Patron.Server.Hosting;
using Patron.Server.Store;

namespace Patron.Server.Endpoints;

/// <summary><c>GET /health</c> (the process is up) and <c>GET /ready</c> (a run is loaded and served by the API; its
/// <c>dashboard</c> says whether the dashboard's pages are warm, which the API does not wait for).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new { status = "up" }))
            .WithName("Health").WithTags("health").WithSummary("The process is up.");
        app.MapGet("/ready", Ready)
            .WithName("Ready").WithTags("health").WithSummary("A run is loaded: its version, cutoff and size.");
        return app;
    }

    private static Results<Ok<ReadyResponse>, ProblemHttpResult> Ready(SnapshotHolder holder, IProfileStore store, DashboardWarmup warmup)
    {
        if (holder.Current is not { } snapshot)
        {
            return Problems.NotReady(holder.LastError is null ? "The run folder is still loading." : "The run folder could not be loaded: " + holder.LastError);
        }

        var customers = snapshot.Customers;
        return TypedResults.Ok(new ReadyResponse("ready", snapshot.Version, snapshot.AsOf, customers.Count,
            customers.Bytes / Math.Max(1, customers.Count), Math.Round(snapshot.LoadSeconds, 3), store.Name)
        {
            MappedBytesPerCustomer = customers.MappedBytes / Math.Max(1, customers.Count),
            Dashboard = warmup.State,
        });
    }
}
