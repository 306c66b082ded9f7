using System.Net;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Patron.Server.Hosting;

/// <summary>What a request that failed on the server gets: a dashboard page an HTML error page, anything else an RFC
/// 7807 problem. A server fault is logged with the exception's type, the route pattern and the request's trace id only:
/// neither the path nor the exception's message, which may hold customer ids or values.</summary>
internal static partial class ErrorResponses
{
    /// <summary>The log category of server faults.</summary>
    public const string Category = "Patron.Server.Errors";

    public static async Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feature = context.Features.Get<IExceptionHandlerFeature>();
        var error = feature?.Error;
        var status = error is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        var route = (feature?.Endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        if (status >= StatusCodes.Status500InternalServerError)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
            LogFault(logger, error?.GetType().FullName ?? "(unknown)", route, context.TraceIdentifier);
        }

        context.Response.StatusCode = status;
        if (feature?.Endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Page(status, context.TraceIdentifier)).ConfigureAwait(false);
            return;
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = status,
                Title = status >= StatusCodes.Status500InternalServerError ? "The server failed." : "The request could not be read.",
                Detail = status >= StatusCodes.Status500InternalServerError
                    ? "The failure was logged with the request's trace id; try again later."
                    : error?.Message,
                Extensions = { ["trace_id"] = context.TraceIdentifier },
            },
        }).ConfigureAwait(false);
    }

    private static string Page(int status, string traceId)
    {
        var reference = WebUtility.HtmlEncode(traceId);
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>Patron: the page could not be drawn</title></head>
            <body>
            <main id="main" role="alert">
            <h1>The page could not be drawn</h1>
            <p>The server failed while reading the figures for this page (status {status}). The failure was logged under the reference <code id="error-reference">{reference}</code>.</p>
            <p>Try again in a moment, or go back to the <a href="/">overview</a>.</p>
            </main>
            </body>
            </html>
            """;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed with {Exception} on route {Route} (trace id {TraceId})")]
    private static partial void LogFault(ILogger logger, string exception, string route, string traceId);
}
