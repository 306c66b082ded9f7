using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Patron.Server.Tests.Support;

/// <summary>Small helpers to send and read JSON.</summary>
internal static class Json
{
    public static async Task<(int Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return ((int)response.StatusCode, await Read(response));
    }

    public static async Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        return ((int)response.StatusCode, await Read(response));
    }

    public static Task<(int Status, JsonElement Body)> PostAsync(HttpClient client, string path, object body) =>
        PostAsync(client, path, JsonSerializer.Serialize(body));

    public static async Task<JsonElement> Read(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (bytes.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }

    public static bool IsProblem(JsonElement body, int status) =>
        body.ValueKind == JsonValueKind.Object
        && body.TryGetProperty("status", out var s) && s.GetInt32() == status
        && body.TryGetProperty("title", out _);

    internal static JsonContent Content(object body) => JsonContent.Create(body);
}
