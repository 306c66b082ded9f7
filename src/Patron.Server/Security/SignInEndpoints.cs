using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Patron.Server.Security;

/// <summary>The dashboard's sign-in when the server has an API key file: <c>GET /signin</c> shows a form asking for a
/// key, <c>POST /signin</c> checks it against the key file (in constant time) and sets the signed, HttpOnly,
/// SameSite=Strict cookie of <see cref="SignInTokens"/>, then returns to the page asked for.</summary>
internal static class SignInEndpoints
{
    public const string Path = "/signin";

    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http) => Form(Return(http.Request.Query["return"]), null)).ExcludeFromDescription();
        app.MapPost(Path, SignInAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext http, ApiKeys keys, SignInTokens tokens)
    {
        if (!http.Request.HasFormContentType)
        {
            return Form("/", "Send the form of this page.", StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var target = Return(form["return"]);
        var key = form["key"].ToString().Trim();
        if (key.Length == 0 || key.Length > 1024 || keys.Match(key) is null)
        {
            return Form(target, "That key is not one of the server's API keys.", StatusCodes.Status401Unauthorized);
        }

        http.Response.Cookies.Append(SignInTokens.CookieName, tokens.Issue(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = SignInTokens.Lifetime,
            IsEssential = true,
        });
        return TypedResults.Redirect(target);
    }

    /// <summary>A path of this server to return to; anything else (another host, a scheme) is the overview.</summary>
    public static string Return(string? target) =>
        target is { Length: > 0 and <= 2000 } && target[0] == '/' && (target.Length == 1 || (target[1] != '/' && target[1] != '\\'))
            ? target
            : "/";

    private static IResult Form(string target, string? error, int status = StatusCodes.Status200OK)
    {
        var message = error is null ? "" : $"""<p class="notice" role="alert" id="signin-error">{WebUtility.HtmlEncode(error)}</p>""";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>Patron: sign in</title>
            <link rel="stylesheet" href="/dashboard-assets/dashboard.css" /></head>
            <body>
            <main id="main">
            <h1>Sign in to the Patron dashboard</h1>
            <p>This server asks for one of its API keys (the key file given with --api-key-file).</p>
            {message}
            <form method="post" action="{Path}">
            <input type="hidden" name="return" value="{WebUtility.HtmlEncode(target)}" />
            <div><label for="key">API key</label> <input type="password" id="key" name="key" autocomplete="current-password" required autofocus /></div>
            <button type="submit">Sign in</button>
            </form>
            </main>
            </body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
