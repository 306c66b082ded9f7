using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Patron.Server.Dashboard;

/// <summary>A CSV download written to the response as it is produced (a large list never sits in memory whole):
/// <paramref name="write"/> runs on a worker thread against a buffered writer over the response's pipe, and
/// <paramref name="owner"/> (the request's warehouse connection) is disposed when it is done.</summary>
internal sealed class CsvStream(string fileName, IDisposable owner, Action<TextWriter> write) : IResult
{
    private const int Buffer = 64 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        try
        {
            var response = httpContext.Response;
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName, FileNameStar = fileName }.ToString();

            // The pipe's stream flushes a full buffer synchronously; on a worker thread that only blocks the worker.
            await Task.Run(() =>
            {
                using var stream = response.BodyWriter.AsStream(leaveOpen: true);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), Buffer);
                write(writer);
            }, httpContext.RequestAborted).ConfigureAwait(false);
            await response.BodyWriter.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            owner.Dispose();
        }
    }
}
