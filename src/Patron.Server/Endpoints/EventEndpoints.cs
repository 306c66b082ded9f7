using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using System.Globalization;
using Patron.Server.Contracts;
using Patron.Server.Hosting;
using Patron.Server.Live;

namespace Patron.Server.Endpoints;

/// <summary><c>POST /api/events</c>: orders with their lines, customers and web sessions appended to the warehouse
/// (docs/live.md). 202 once they are in the server's journal on disk, with the batch's number and where its state is
/// read (<c>GET /api/events/{batch}</c>: stored or not yet, and what the silver rules said of single rows); 400 naming
/// the field for a body of the wrong shape.</summary>
internal static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/events", Post)
            .WithTags("events")
            .WithName("PostEvents")
            .WithSummary("Append orders (with lines), customers and sessions; the touched customers' profiles update within a second.")
            .Produces<EventsAccepted>(StatusCodes.Status202Accepted);
        app.MapGet("/api/events/{batch}", Get)
            .WithTags("events")
            .WithName("GetEventBatch")
            .WithSummary("A posted batch's state: accepted (journaled), stored (in the warehouse, with the silver rules' findings) or refused.")
            .Produces<EventBatchState>()
            .ProducesProblem(StatusCodes.Status404NotFound);
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
            // Once queued, a batch is journaled or refused as a whole even if the caller goes away.
            var accepted = await live.AppendAsync(batch).ConfigureAwait(false);
            return TypedResults.Accepted(accepted.StatusUrl, accepted);
        }
        catch (IOException ex)
        {
            return Problems.Make(StatusCodes.Status503ServiceUnavailable, "The events were not stored.",
                ex.Message + " Sending them again is safe: an order id counts once.", null);
        }
    }

    private static Results<Ok<EventBatchState>, ProblemHttpResult> Get(string batch, LiveService live)
    {
        if (!live.Enabled)
        {
            return Problems.Make(StatusCodes.Status409Conflict, "Events are not taken.",
                "The server was started without --db: it serves the run folder only.", null);
        }

        if (!long.TryParse(batch, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || live.Batch(sequence) is not { } state)
        {
            return Problems.Make(StatusCodes.Status404NotFound, "No such batch.",
                "No batch of that number was accepted: the number is the 'batch' of a 202 answer to POST /api/events.", null);
        }

        return TypedResults.Ok(state);
    }
}
