using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Patron.Server.Contracts;
using Patron.Server.Hosting;
using Patron.Server.Store;

namespace Patron.Server.Endpoints;

/// <summary><c>POST /api/admin/reload</c>: loads the run folder beside the run served and swaps it in (admin key).</summary>
internal static class AdminEndpoints
{
    public const string Prefix = "/api/admin";

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).WithTags("admin");
        group.MapPost("/reload", Reload)
            .WithName("Reload").WithSummary("Load the run folder again and swap it in atomically; the old run is served until then.");
        return app;
    }

    private static async Task<Results<Ok<ReloadResponse>, ProblemHttpResult>> Reload(SnapshotHolder holder, HttpContext context, CancellationToken cancellation)
    {
        var before = holder.Current?.Version;
        var after = await holder.ReloadAsync(cancellation).ConfigureAwait(false);
        if (holder.LastError is { } error || after is null)
        {
            return Problems.Make(StatusCodes.Status409Conflict, "The run folder could not be loaded.",
                (holder.LastError ?? "no run") + (before is null ? "" : $"; still serving {before}."), null);
        }

        context.Response.Headers[SnapshotAccess.VersionHeader] = after.Version;
        return TypedResults.Ok(new ReloadResponse(after.Version, before, before != after.Version));
    }
}
