using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Patron.Server.Hosting;

/// <summary>Reads a request body as one JSON document, within the size limit: a body over the limit is a 413 and
/// malformed JSON a 400 naming the position, never an exception that reaches the client as a 5xx.</summary>
internal static class RequestBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32, AllowTrailingCommas = false };

    public static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellation)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(maxBytes + 1, Math.Max(request.ContentLength ?? 4096, 256)));
        try
        {
            while (true)
            {
                var span = buffer.GetMemory(16 * 1024);
                var read = await request.Body.ReadAsync(span, cancellation).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(maxBytes)
                : Problems.Make(ex.StatusCode, "The request could not be read.", ex.Message, null));
        }

        if (buffer.WrittenCount == 0)
        {
            return (null, Problems.BadRequest("The request has no body; a JSON object is expected."));
        }

        try
        {
            return (JsonDocument.Parse(buffer.WrittenMemory, DocumentOptions), null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest($"The body is not valid JSON: {ex.Message}"));
        }
    }

    /// <summary>Reads the body into a buffer from the shared pool (return it by disposing), within the size limit:
    /// the same problems as <see cref="ReadAsync"/> for a body too large, unreadable or empty.</summary>
    public static async Task<(PooledBody? Body, ProblemHttpResult? Problem)> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellation)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var body = new PooledBody((int)Math.Min(maxBytes + 1, Math.Max(request.ContentLength + 1 ?? 16 * 1024, 256)));
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(body.Free(1), cancellation).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                body.Advance(read);
                if (body.Length > maxBytes)
                {
                    body.Dispose();
                    return (null, TooLarge(maxBytes));
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            body.Dispose();
            return (null, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(maxBytes)
                : Problems.Make(ex.StatusCode, "The request could not be read.", ex.Message, null));
        }
        catch
        {
            body.Dispose();
            throw;
        }

        if (body.Length == 0)
        {
            body.Dispose();
            return (null, Problems.BadRequest("The request has no body; a JSON object is expected."));
        }

        return (body, null);
    }

    /// <summary>A body as one JSON document (over a copy of the bytes, which the document keeps), or the 400 problem
    /// of malformed JSON, as <see cref="ReadAsync"/> answers it.</summary>
    public static (JsonDocument? Document, ProblemHttpResult? Problem) Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return (JsonDocument.Parse(body.ToArray(), DocumentOptions), null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest($"The body is not valid JSON: {ex.Message}"));
        }
    }

    /// <summary>The object's array property <paramref name="name"/>, or a 400 naming what was there instead.</summary>
    public static bool TryArray(JsonElement root, string name, out JsonElement array, out ProblemHttpResult? problem)
    {
        problem = null;
        array = default;
        if (!root.TryGetProperty(name, out array))
        {
            return false;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            problem = Problems.BadRequest($"'{name}' must be an array, not {Scoring.RowReader.Kind(array)}.");
            return false;
        }

        return true;
    }

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        Problems.TooLarge(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The body exceeds {maxBytes:N0} bytes."));
}
