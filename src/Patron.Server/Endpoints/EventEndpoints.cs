using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Patron.DuckDb;
using Patron.Server.Contracts;
using Patron.Server.Hosting;
using Patron.Server.Live;
using Patron.Warehouse.Ingest;

namespace Patron.Server.Endpoints;

/// <summary><c>POST /api/events</c>: orders with their lines, customers and web sessions appended to the warehouse
/// (docs/live.md). 202 once they are committed, with what the silver rules said of single rows; 400 naming the field
/// for a body of the wrong shape.</summary>
internal static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/events", Post)
            .WithTags("events")
            .WithName("PostEvents")
            .WithSummary("Append orders (with lines), customers and sessions; the touched customers' profiles update within a second.")
            .Produces<EventsAccepted>(StatusCodes.Status202Accepted);
        return app;
    }

    private static async Task<Results<Accepted<EventsAccepted>, ProblemHttpResult>> Post(
        HttpContext context, LiveService live, ServeOptions options, CancellationToken cancellation)
    {
        if (!live.Enabled)
        {
            return Problems.Make(StatusCodes.Status409Conflict, "Events are not taken.",
                "The server was started without --db: it serves the run folder only.", null);
        }

        var (document, bodyProblem) = await RequestBody.ReadAsync(context.Request, options.MaxBodyBytes, cancellation).ConfigureAwait(false);
        if (document is null)
        {
            return bodyProblem!;
        }

        Warehouse.Sources.Events.EventBatch? batch;
        var errors = new List<string>();
        using (document)
        {
            batch = EventParser.Parse(document.RootElement, errors);
        }

        if (batch is null)
        {
            return Problems.BadRequest("The events do not have the shape docs/live.md describes.", EventParser.Shown(errors));
        }

        try
        {
            await live.Ready.WaitAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Problems.Make(StatusCodes.Status503ServiceUnavailable, "The warehouse is not open.", ex.Message, null);
        }

        try
        {
            // Once queued, a batch is committed or refused as a whole even if the caller goes away.
            var accepted = await live.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
            return TypedResults.Accepted((string?)null, accepted);
        }
        catch (InputException ex)
        {
            return Problems.BadRequest("The warehouse could not read the events: nothing of this request was stored.", [ex.Message]);
        }
        catch (Exception ex) when (ex is DuckDbException or IOException)
        {
            return Problems.Make(StatusCodes.Status503ServiceUnavailable, "The events were not stored.", ex.Message, null);
        }
    }
}
