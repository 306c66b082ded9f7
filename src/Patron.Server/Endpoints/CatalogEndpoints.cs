using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Patron.Server.Hosting;
using Patron.Server.Store;

namespace Patron.Server.Endpoints;

/// <summary><c>GET /api/segments</c>, <c>GET /api/kpis</c>, <c>GET /api/kpis/{name}</c> and <c>GET /api/models</c>
/// (model cards): the run's tables as JSON rows.</summary>
internal static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("run");
        group.MapGet("/segments", (SnapshotHolder holder, HttpContext context) => Answer(holder, context, s => s.Segments))
            .WithName("Segments").WithSummary("The segments: customers, revenue, mean monetary value and recommended action.");
        group.MapGet("/kpis", (SnapshotHolder holder, HttpContext context) => Answer(holder, context, s => Names(s.Kpis.Keys)))
            .WithName("KpiNames").WithSummary("The names of the KPI tables of the run.");
        group.MapGet("/kpis/{name}", Kpi)
            .WithName("Kpi").WithSummary("One KPI table (monthly, cohort_retention, categories, segments, churn_risk, ...) as rows.");
        group.MapGet("/models", (SnapshotHolder holder, HttpContext context) => Answer(holder, context, s => s.ModelCards))
            .WithName("Models").WithSummary("Model cards: task, chosen candidate, version, trained as of, out-of-time metrics against the baseline, features, threshold.");
        return app;
    }

    private static Results<Ok<JsonArray>, ProblemHttpResult> Kpi(string name, SnapshotHolder holder, HttpContext context)
    {
        if (!SnapshotAccess.TryTake(holder, context, out var snapshot, out var problem))
        {
            return problem!;
        }

        return snapshot.Kpis.TryGetValue(name, out var rows)
            ? TypedResults.Ok(rows)
            : Problems.NotFound($"The run has no KPI table of that name; it has {string.Join(", ", snapshot.Kpis.Keys.Order(StringComparer.Ordinal))}.");
    }

    private static Results<Ok<JsonArray>, ProblemHttpResult> Answer(SnapshotHolder holder, HttpContext context, Func<RunSnapshot, JsonArray> pick) =>
        SnapshotAccess.TryTake(holder, context, out var snapshot, out var problem) ? TypedResults.Ok(pick(snapshot)) : problem!;

    private static JsonArray Names(IEnumerable<string> names)
    {
        var array = new JsonArray();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            array.Add(name);
        }

        return array;
    }
}
