using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Patron.Server.Scoring;

/// <summary>The answer of <c>POST /api/score/sessions</c>, written straight into the response with a
/// <see cref="Utf8JsonWriter"/>: the same bytes the serializer writes for <c>SessionScoresResponse</c> with the
/// server's JSON options (snake_case, nulls left out, relaxed escaping), without its reflection over records.</summary>
internal sealed class SessionScoresResult(IReadOnlyList<SessionScore> scores, string? modelVersion) : IResult
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly JsonEncodedText Predictions = JsonEncodedText.Encode("predictions");
    private static readonly JsonEncodedText PurchaseProbability = JsonEncodedText.Encode("purchase_probability");
    private static readonly JsonEncodedText Reasons = JsonEncodedText.Encode("reasons");
    private static readonly JsonEncodedText ModelVersion = JsonEncodedText.Encode("model_version");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        Write(httpContext.Response.BodyWriter, scores, modelVersion);
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes the answer to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<SessionScore> scores, string? modelVersion)
    {
        ArgumentNullException.ThrowIfNull(scores);
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteStartArray(Predictions);
        for (var i = 0; i < scores.Count; i++)
        {
            var score = scores[i];
            writer.WriteStartObject();
            if (score.PurchaseProbability is { } p)
            {
                writer.WritePropertyName(PurchaseProbability);
                if (double.IsFinite(p))
                {
                    writer.WriteNumberValue(p);
                }
                else
                {
                    writer.WriteStringValue(double.IsNaN(p) ? "NaN" : p > 0 ? "Infinity" : "-Infinity");
                }
            }

            writer.WriteStartArray(Reasons);
            foreach (var reason in score.Reasons)
            {
                writer.WriteStringValue(reason);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (modelVersion is not null)
        {
            writer.WriteString(ModelVersion, modelVersion);
        }

        writer.WriteEndObject();
    }
}
