using Microsoft.AspNetCore.Http;

namespace Patron.Server.Hosting;

/// <summary>A 200 answer whose body is JSON already encoded (a stored profile): the bytes go to the response as they
/// are, with their length, and nothing else is looked at (no ranges or entity tags, unlike a file result).</summary>
internal sealed class JsonBytesResult(byte[] json) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json, 0, json.Length, httpContext.RequestAborted);
    }
}
