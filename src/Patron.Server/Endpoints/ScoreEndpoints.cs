using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Patron.Server.Contracts;
using Patron.Server.Hosting;
using Patron.Server.Scoring;
using Patron.Server.Store;

namespace Patron.Server.Endpoints;

/// <summary><c>POST /api/score/customers</c> (profiles by id, or what-if scores of feature rows) and
/// <c>POST /api/score/sessions</c> (purchase probabilities of sessions).</summary>
internal static class ScoreEndpoints
{
    /// <summary>Most ids or customer rows one request may carry.</summary>
    public const int MaxCustomers = 10_000;

    /// <summary>A profile's features can be posted back as they are: registry features no model uses are ignored.</summary>
    private static readonly IReadOnlySet<string> RegistryNames = Names();

    public static IEndpointRouteBuilder MapScoreEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/score").WithTags("scoring");
        group.MapPost("/customers", Customers)
            .WithName("ScoreCustomers")
            .WithSummary("Profiles of customer ids in order, or scores and reasons of feature rows supplied by the caller.")
            .Accepts<ScoreCustomersRequest>("application/json")
            .Produces<ProfilesResponse>(StatusCodes.Status200OK)
            .Produces<CustomerScoresResponse>(StatusCodes.Status200OK);
        group.MapPost("/sessions", Sessions)
            .WithName("ScoreSessions")
            .WithSummary("Purchase probability and reasons per session, in request order (at most 10,000 rows).")
            .Accepts<ScoreSessionsRequest>("application/json")
            .Produces<SessionScoresResponse>(StatusCodes.Status200OK);
        return app;
    }

    private static async Task<Results<Ok<ProfilesResponse>, Ok<CustomerScoresResponse>, ProblemHttpResult>> Customers(
        HttpContext context, SnapshotHolder holder, ServeOptions options, CancellationToken cancellation)
    {
        var (snapshot, document, problem) = await SnapshotAccess.TakeWithBodyAsync(context, holder, options, "'customer_ids' or 'customers'", cancellation).ConfigureAwait(false);
        if (document is null)
        {
            return problem!;
        }

        using (document)
        {
            var root = document.RootElement;
            var hasIds = RequestBody.TryArray(root, "customer_ids", out var ids, out var idsProblem);
            var hasRows = RequestBody.TryArray(root, "customers", out var rows, out var rowsProblem);
            if ((idsProblem ?? rowsProblem) is { } shape)
            {
                return shape;
            }

            if (hasIds == hasRows || Unknown(root, "customer_ids", "customers") is { } extra)
            {
                return Problems.BadRequest(hasIds && hasRows
                    ? "Give either 'customer_ids' or 'customers', not both."
                    : Unknown(root, "customer_ids", "customers") is { } name
                        ? $"Unknown field '{Clip(name)}': the body takes 'customer_ids' or 'customers'."
                        : "The body needs 'customer_ids' (an array of ids) or 'customers' (an array of feature rows).");
            }

            var array = hasIds ? ids : rows;
            if (array.GetArrayLength() > MaxCustomers)
            {
                return Problems.TooLarge(string.Create(CultureInfo.InvariantCulture, $"At most {MaxCustomers:N0} customers a request; this one has {array.GetArrayLength():N0}."));
            }

            return hasIds ? ByIds(snapshot, ids) : WhatIf(snapshot, rows);
        }
    }

    private static Results<Ok<ProfilesResponse>, Ok<CustomerScoresResponse>, ProblemHttpResult> ByIds(RunSnapshot snapshot, JsonElement ids)
    {
        var errors = new List<string>();
        var profiles = new List<CustomerProfile?>(ids.GetArrayLength());
        var missing = new List<string>();
        var k = 0;
        foreach (var id in ids.EnumerateArray())
        {
            string? text = id.ValueKind switch
            {
                JsonValueKind.String => id.GetString(),
                JsonValueKind.Number => id.GetRawText(),
                _ => null,
            };
            if (text is null)
            {
                if (errors.Count < RowReader.MaxErrors)
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"customer_ids[{k}] must be a string, not {RowReader.Kind(id)}."));
                }
            }
            else
            {
                var row = snapshot.Customers.Ids.Find(text);
                profiles.Add(row < 0 ? null : ProfileBuilder.Build(snapshot, row, withFeatures: true));
                if (row < 0)
                {
                    missing.Add(text);
                }
            }

            k++;
        }

        return errors.Count > 0
            ? Problems.BadRequest("customer_ids must be an array of strings.", errors)
            : TypedResults.Ok(new ProfilesResponse(profiles, missing));
    }

    private static Results<Ok<ProfilesResponse>, Ok<CustomerScoresResponse>, ProblemHttpResult> WhatIf(RunSnapshot snapshot, JsonElement rows)
    {
        if (snapshot.CustomerScorer is not { } scorer)
        {
            return Problems.Make(StatusCodes.Status409Conflict, "No customer model.", "The run served saved no customer model to score with.", null);
        }

        var errors = new List<string>();
        var parsed = RowReader.Read(rows, "customers", scorer.Columns, RegistryNames, errors, scorer.Optional);
        if (parsed is null)
        {
            return Problems.BadRequest("The customer rows do not match the feature schema of the run's models.", errors);
        }

        return TypedResults.Ok(new CustomerScoresResponse(scorer.Score(parsed), snapshot.ModelVersions));
    }

    private static async Task<Results<SessionScoresResult, ProblemHttpResult>> Sessions(
        HttpContext context, SnapshotHolder holder, ServeOptions options, CancellationToken cancellation)
    {
        if (!SnapshotAccess.TryTake(holder, context, out var snapshot, out var taken))
        {
            return taken!;
        }

        var (body, bodyProblem) = await RequestBody.ReadBytesAsync(context.Request, options.MaxBodyBytes, cancellation).ConfigureAwait(false);
        if (body is null)
        {
            return bodyProblem!;
        }

        using (body)
        {
            // The plain valid body is read in one pass straight into columns; any other is read as a document and
            // checked, so its problem is worded as before.
            if (snapshot.SessionScorer is { } fast && fast.TryReadBody(body.Span) is { } read)
            {
                return new SessionScoresResult(fast.Score(read), snapshot.ModelVersions.GetValueOrDefault(SessionScorer.TaskName));
            }

            var (document, problem) = RequestBody.Parse(body.Span);
            if (document is null)
            {
                return problem!;
            }

            using (document)
            {
                return CheckedSessions(snapshot, document.RootElement);
            }
        }
    }

    private static Results<SessionScoresResult, ProblemHttpResult> CheckedSessions(RunSnapshot snapshot, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Problems.BadRequest($"The body must be a JSON object with 'sessions', not {RowReader.Kind(root)}.");
        }

        if (!RequestBody.TryArray(root, "sessions", out var sessions, out var shape))
        {
            return shape ?? Problems.BadRequest("The body needs 'sessions': an array of session rows.");
        }

        if (Unknown(root, "sessions") is { } extra)
        {
            return Problems.BadRequest($"Unknown field '{Clip(extra)}': the body takes 'sessions'.");
        }

        if (sessions.GetArrayLength() > SessionScorer.MaxRows)
        {
            return Problems.TooLarge(string.Create(CultureInfo.InvariantCulture, $"At most {SessionScorer.MaxRows:N0} sessions a request; this one has {sessions.GetArrayLength():N0}."));
        }

        if (snapshot.SessionScorer is not { } scorer)
        {
            return Problems.Make(StatusCodes.Status409Conflict, "No session model.", "The run served has no session_purchase model.", null);
        }

        var errors = new List<string>();
        var rows = scorer.Read(sessions, errors);
        if (rows is null)
        {
            return Problems.BadRequest(
                scorer.Kind == Features.Sessions.SessionKind.Shopper
                    ? $"The session rows match neither the Online Shoppers columns ({ShopperSource.Describe()}) nor the model's features."
                    : "The session rows do not match the model's features.",
                errors);
        }

        return new SessionScoresResult(scorer.Score(rows), snapshot.ModelVersions.GetValueOrDefault(SessionScorer.TaskName));
    }

    private static string? Unknown(JsonElement root, params ReadOnlySpan<string> allowed)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                return property.Name;
            }
        }

        return null;
    }

    private static HashSet<string> Names()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in Patron.Features.Registry.FeatureRegistry.All)
        {
            names.Add(feature.Name);
        }

        return names;
    }

    private static string Clip(string text) => text.Length > 100 ? text[..100] + "..." : text;
}
