using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Patron.Server.Hosting;
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
}
