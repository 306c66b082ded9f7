using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Patron.Server.Hosting;

/// <summary>RFC 7807 problem answers with the service's titles; <c>errors</c> lists each problem of a request.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail, IReadOnlyList<string>? errors = null) =>
        Make(StatusCodes.Status400BadRequest, "The request is not valid.", detail, errors);

    public static ProblemHttpResult NotFound(string detail) =>
        Make(StatusCodes.Status404NotFound, "Not found.", detail, null);

    public static ProblemHttpResult TooLarge(string detail) =>
        Make(StatusCodes.Status413PayloadTooLarge, "The request is too large.", detail, null);

    public static ProblemHttpResult NotReady(string detail) =>
        Make(StatusCodes.Status503ServiceUnavailable, "No run is loaded yet.", detail, null);

    public static ProblemHttpResult Make(int status, string title, string detail, IReadOnlyList<string>? errors)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (errors is { Count: > 0 })
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);
    }
}
