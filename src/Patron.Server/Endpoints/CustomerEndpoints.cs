using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Patron.Server.Contracts;
using Patron.Server.Hosting;
using Patron.Server.Store;
using Patron.Server.Store.Resp;

namespace Patron.Server.Endpoints;

/// <summary><c>GET /api/customers/{id}</c> (one profile) and <c>GET /api/customers</c> (the paged, filtered, sorted
/// list: the retention team's churn list with drivers).</summary>
internal static class CustomerEndpoints
{
    public const int MaxPageSize = 1_000;
    private const int DefaultPageSize = 50;

    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/customers").WithTags("customers");
        group.MapGet("/{id}", Profile)
            .WithName("GetCustomer")
            .WithSummary("A customer's profile: scores, segment, action, reasons, features, cutoff and model versions.")
            .Produces<CustomerProfile>(StatusCodes.Status200OK, "application/json");
        group.MapGet("/", List)
            .WithName("ListCustomers")
            .WithSummary("Customers filtered by segment, risk band and least churn probability, sorted and paged.");
        return app;
    }

    private static async Task<Results<JsonBytesResult, ProblemHttpResult>> Profile(
        string id, SnapshotHolder holder, IProfileStore store, HttpContext context, CancellationToken cancellation)
    {
        if (!SnapshotAccess.TryTake(holder, context, out var snapshot, out var problem))
        {
            return problem!;
        }

        StoredProfile? stored;
        try
        {
            stored = await store.GetAsync(snapshot, id, cancellation).ConfigureAwait(false);
        }
        catch (RedisStoreException)
        {
            // Redis is down or slow: a 503 the caller may retry, not a fault of the server.
            return Problems.Make(StatusCodes.Status503ServiceUnavailable, "The profile store is unavailable.",
                "The profile store did not answer; try again shortly.", null);
        }

        if (stored is not { } profile)
        {
            // The id is not echoed: it may be a customer's e-mail or another personal value.
            return Problems.NotFound("The run served has no customer with this id.");
        }

        context.Response.Headers[SnapshotAccess.VersionHeader] = profile.Version;
        return new JsonBytesResult(profile.Json);
    }

    private static Results<Ok<CustomerPage>, ProblemHttpResult> List(
        SnapshotHolder holder, HttpContext context,
        [FromQuery] string? segment = null, [FromQuery(Name = "risk_band")] string? riskBand = null, [FromQuery(Name = "min_churn")] string? minChurn = null,
        [FromQuery] string? sort = null, [FromQuery] string? page = null, [FromQuery(Name = "page_size")] string? pageSize = null)
    {
        if (!SnapshotAccess.TryTake(holder, context, out var snapshot, out var problem))
        {
            return problem!;
        }

        var errors = new List<string>();
        var pageNumber = Integer(page, "page", 1, 1, int.MaxValue, errors);
        var size = Integer(pageSize, "page_size", DefaultPageSize, 1, MaxPageSize, errors);
        var least = double.NaN;
        if (minChurn is not null && (!double.TryParse(minChurn, NumberStyles.Float, CultureInfo.InvariantCulture, out least) || !(least is >= 0 and <= 1)))
        {
            errors.Add("min_churn must be a number from 0 to 1.");
        }

        if (riskBand is not null and not ("low" or "medium" or "high"))
        {
            errors.Add("risk_band must be low, medium or high.");
        }

        var c = snapshot.Customers;
        var order = (sort ?? "churn") switch
        {
            "churn" => c.ByChurn,
            "clv" => c.ByClv,
            "id" => null,
            _ => Invalid(errors, "sort must be churn, clv or id."),
        };
        if (sort is "churn" or null && c.ByChurn is null || sort is "clv" && c.ByClv is null)
        {
            order = null;
        }

        if ((riskBand is not null || minChurn is not null) && c.Churn is null && errors.Count == 0)
        {
            errors.Add("The run served has no churn scores to filter on.");
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest("The query parameters are not valid.", errors);
        }

        var segmentCode = segment is null ? -1 : c.Segments.CodeOf(segment);
        var skip = (long)(pageNumber - 1) * size;
        var items = new List<CustomerProfile>(size);
        var total = 0;
        if (segment is null || segmentCode > 0)
        {
            for (var k = 0; k < c.Count; k++)
            {
                var row = order is null ? k : order[k];
                if ((segmentCode > 0 && c.Segments.Code(row) != segmentCode)
                    || (riskBand is not null && Patron.Pipeline.Output.Predictions.RiskBand(c.Churn![row]) != riskBand)
                    || (!double.IsNaN(least) && !(c.Churn![row] >= least)))
                {
                    continue;
                }

                if (total >= skip && items.Count < size)
                {
                    items.Add(ProfileBuilder.Build(snapshot, row, withFeatures: false));
                }

                total++;
            }
        }

        return TypedResults.Ok(new CustomerPage(total, pageNumber, size, order is null ? "id" : sort ?? "churn", items));
    }

    private static ColumnValues<int>? Invalid(List<string> errors, string message)
    {
        errors.Add(message);
        return null;
    }

    private static int Integer(string? text, string name, int fallback, int min, int max, List<string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be a whole number from {min} to {max}."));
        return fallback;
    }
}
