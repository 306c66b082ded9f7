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

/// <summary><c>POST /api/recommend</c>: the top k products for a basket by the run's cross-sell rules, each with the
/// rule behind it in words, filled with the most bought products.</summary>
internal static class RecommendEndpoints
{
    /// <summary>Most product ids a basket may hold.</summary>
    public const int MaxBasket = 1_000;

    /// <summary>Most products one request may ask for.</summary>
    public const int MaxK = 100;

    private const int DefaultK = 5;

    public static IEndpointRouteBuilder MapRecommendEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/recommend", Recommend)
            .WithTags("cross-sell")
            .WithName("Recommend")
            .WithSummary("The top k products for a basket of product ids, with the rule behind each as the reason.")
            .Accepts<RecommendRequest>("application/json")
            .Produces<RecommendResponse>(StatusCodes.Status200OK);
        return app;
    }

    private static async Task<Results<Ok<RecommendResponse>, ProblemHttpResult>> Recommend(
        HttpContext context, SnapshotHolder holder, ServeOptions options, CancellationToken cancellation)
    {
        var (snapshot, document, problem) = await SnapshotAccess.TakeWithBodyAsync(context, holder, options, "'basket' (an array of product ids) and optionally 'k'", cancellation).ConfigureAwait(false);
        if (document is null)
        {
            return problem!;
        }

        using (document)
        {
            var root = document.RootElement;
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("basket" or "k"))
                {
                    var name = property.Name.Length > 100 ? property.Name[..100] + "..." : property.Name;
                    return Problems.BadRequest($"Unknown field '{name}': the body takes 'basket' and 'k'.");
                }
            }

            if (!RequestBody.TryArray(root, "basket", out var basket, out var shape))
            {
                return shape ?? Problems.BadRequest("The body needs 'basket': an array of product ids.");
            }

            if (basket.GetArrayLength() > MaxBasket)
            {
                return Problems.BadRequest(string.Create(CultureInfo.InvariantCulture, $"A basket holds at most {MaxBasket:N0} products; this one has {basket.GetArrayLength():N0}."));
            }

            var k = DefaultK;
            if (root.TryGetProperty("k", out var kValue) && (kValue.ValueKind != JsonValueKind.Number || !kValue.TryGetInt32(out k) || k is < 1 or > MaxK))
            {
                return Problems.BadRequest(string.Create(CultureInfo.InvariantCulture, $"'k' must be a whole number from 1 to {MaxK}, not {Describe(kValue)}."));
            }

            var ids = new List<string>(basket.GetArrayLength());
            var errors = new List<string>();
            var i = 0;
            foreach (var item in basket.EnumerateArray())
            {
                var text = item.ValueKind switch
                {
                    JsonValueKind.String => item.GetString(),
                    JsonValueKind.Number => item.GetRawText(),
                    _ => null,
                };
                if (string.IsNullOrEmpty(text))
                {
                    if (errors.Count < RowReader.MaxErrors)
                    {
                        errors.Add(string.Create(CultureInfo.InvariantCulture, $"basket[{i}] must be a product id (a non-empty string), not {RowReader.Kind(item)}."));
                    }
                }
                else
                {
                    ids.Add(text);
                }

                i++;
            }

            if (errors.Count > 0)
            {
                return Problems.BadRequest("'basket' must be an array of product ids.", errors);
            }

            if (snapshot.CrossSell is not { } crossSell)
            {
                return Problems.Make(StatusCodes.Status409Conflict, "No cross-sell rules.", snapshot.NoCrossSell ?? "The run served has no cross-sell rules.", null);
            }

            var unknown = new List<string>();
            foreach (var id in ids)
            {
                if (!crossSell.Knows(id) && !unknown.Contains(id))
                {
                    unknown.Add(id);
                }
            }

            var picks = crossSell.Recommend(ids, k);
            var products = new NextProduct[picks.Count];
            for (var p = 0; p < products.Length; p++)
            {
                var pick = picks[p];
                products[p] = new NextProduct(pick.ItemId, pick.Name, pick.Score, pick.Source, pick.Reason);
            }

            context.Response.Headers[SnapshotAccess.VersionHeader] = snapshot.Version;
            return TypedResults.Ok(new RecommendResponse(products, unknown, crossSell.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? value.GetRawText().Length > 30 ? "a number out of range" : value.GetRawText()
        : RowReader.Kind(value);
}
