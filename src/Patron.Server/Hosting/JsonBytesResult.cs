using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Patron.Server.Store;

namespace Patron.Server.Hosting;

/// <summary>A 200 answer whose body is JSON already encoded (a stored profile): the bytes go to the response as they
/// are, with their length, and nothing else is looked at (no ranges or entity tags, unlike a file result).</summary>
/// <remarks>Rented bytes are returned to their pool once the response's writer is done with them: when its write
/// completed, successfully or not (the writer may still read them until then, e.g. while the response's start is
/// awaited). Executed once.</remarks>
internal sealed class JsonBytesResult(PooledBytes json) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ValueTask<FlushResult> write;
        try
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            response.ContentLength = json.Length;
            write = response.BodyWriter.WriteAsync(json.Memory, httpContext.RequestAborted);
        }
        catch
        {
            json.Return();
            throw;
        }

        if (!write.IsCompleted)
        {
            return ReturnAfter(write, json);
        }

        try
        {
            write.GetAwaiter().GetResult();
        }
        finally
        {
            json.Return();
        }

        return Task.CompletedTask;
    }

    private static async Task ReturnAfter(ValueTask<FlushResult> write, PooledBytes json)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            json.Return();
        }
    }
}
