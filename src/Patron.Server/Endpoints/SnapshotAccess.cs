using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Patron.Server.Hosting;
using Patron.Server.Scoring;
using Patron.Server.Store;

namespace Patron.Server.Endpoints;

/// <summary>Takes the snapshot a request answers from, once, and stamps its version on the response.</summary>
internal static class SnapshotAccess
{
    public const string VersionHeader = "X-Patron-Run";

    public static bool TryTake(SnapshotHolder holder, HttpContext context, out RunSnapshot snapshot, out ProblemHttpResult? problem)
    {
        if (holder.Current is { } current)
        {
            snapshot = current;
            problem = null;
            context.Response.Headers[VersionHeader] = current.Version;
            return true;
        }

        snapshot = null!;
        problem = Problems.NotReady("The run folder is still loading.");
        return false;
    }

    /// <summary>The served snapshot and the request body as a JSON object (<paramref name="takes"/> names what the object
    /// holds, for the message); the document is null, with the problem to answer, when either is missing or wrong.</summary>
    public static async Task<(RunSnapshot Snapshot, JsonDocument? Document, ProblemHttpResult? Problem)> TakeWithBodyAsync(
        HttpContext context, SnapshotHolder holder, ServeOptions options, string takes, CancellationToken cancellation)
    {
        if (!SnapshotAccess.TryTake(holder, context, out var snapshot, out var problem))
        {
            return (snapshot, null, problem);
        }

        var (document, bodyProblem) = await RequestBody.ReadAsync(context.Request, options.MaxBodyBytes, cancellation).ConfigureAwait(false);
        if (document is null || document.RootElement.ValueKind == JsonValueKind.Object)
        {
            return (snapshot, document, bodyProblem);
        }

        var kind = RowReader.Kind(document.RootElement);
        document.Dispose();
        return (snapshot, null, Problems.BadRequest($"The body must be a JSON object with {takes}, not {kind}."));
    }
}
