using Microsoft.AspNetCore.Http;
using Patron.Server.Endpoints;
using Patron.Server.Hosting;

namespace Patron.Server.Security;

/// <summary>With an API key file, every <c>/api</c> route needs a key (<c>X-Api-Key</c> or <c>Authorization: Bearer</c>)
/// and admin routes the admin key; the dashboard's pages and downloads need a key too, or the cookie of a sign-in
/// (<see cref="SignInEndpoints"/>): a page without either goes to <c>/signin</c>, a download answers 401. Health,
/// readiness, metrics, the API documents, the sign-in page and the dashboard's scripts and styles stay open.</summary>
/// <remarks>The cookie is not accepted on <c>/api</c>: API clients send the key, so a page elsewhere cannot make a
/// browser call the API with the cookie.</remarks>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeys keys, SignInTokens tokens)
{
    private static readonly string[] Open = ["/health", "/ready", "/metrics", "/openapi", "/docs", "/dashboard-assets", SignInEndpoints.Path, "/favicon.ico", "/_framework", "/_content"];

    public const string Header = "X-Api-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await DashboardAsync(context, path).ConfigureAwait(false);
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

    private async Task DashboardAsync(HttpContext context, PathString path)
    {
        if (IsOpen(path)
            || (Presented(context.Request) is { Length: > 0 } key && keys.Match(key) is not null)
            || tokens.Verify(context.Request.Cookies[SignInTokens.CookieName]))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (path.StartsWithSegments("/export", StringComparison.OrdinalIgnoreCase) || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
            await Problems.Make(StatusCodes.Status401Unauthorized, "A valid API key is needed.",
                "Send a key of the server's key file in the X-Api-Key header or as a bearer token, or sign in at /signin.", null).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var target = path.Value + context.Request.QueryString.Value;
        context.Response.Redirect(SignInEndpoints.Path + "?return=" + Uri.EscapeDataString(SignInEndpoints.Return(target)));
    }

    private static bool IsOpen(PathString path)
    {
        foreach (var prefix in Open)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
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
