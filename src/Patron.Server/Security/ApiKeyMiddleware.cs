using Microsoft.AspNetCore.Http;
using Patron.Server.Endpoints;
using Patron.Server.Hosting;

namespace Patron.Server.Security;

/// <summary>With an API key file, every <c>/api</c> route needs a key (<c>X-Api-Key</c> or <c>Authorization: Bearer</c>)
/// and admin routes the admin key; health, readiness, metrics and the API documents stay open.</summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeys keys)
{
    public const string Header = "X-Api-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var role = Presented(context.Request) is { Length: > 0 } key ? keys.Match(key) : null;
        if (role is null)
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
            await Problems.Make(StatusCodes.Status401Unauthorized, "A valid API key is needed.",
                "Send a key of the server's key file in the X-Api-Key header or as a bearer token.", null).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (role != ApiKeyRole.Admin && path.StartsWithSegments(AdminEndpoints.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await Problems.Make(StatusCodes.Status403Forbidden, "The admin key is needed.",
                "Admin routes need a key whose role is admin.", null).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue(Header, out var header) && header.Count == 1)
        {
            return header[0];
        }

        var authorization = request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return value[7..].Trim();
        }

        return null;
    }
}
