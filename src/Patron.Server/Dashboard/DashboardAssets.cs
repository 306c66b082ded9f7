using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Patron.Server.Hosting;

namespace Patron.Server.Dashboard;

/// <summary>The dashboard's scripts and style, embedded in the assembly and served under <c>/dashboard-assets/</c>:
/// the chart library's JavaScript as its NuGet package ships it (no CDN, nothing fetched at run time), our own small
/// script and style sheet.</summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, (byte[] Bytes, string Type)> Files = Load();

    public static IEndpointRouteBuilder MapDashboardAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard-assets/{file}", (string file, HttpContext http) =>
        {
            if (!Files.TryGetValue(file, out var asset))
            {
                return Problems.NotFound("The dashboard has no asset of this name.");
            }

            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(asset.Bytes, asset.Type);
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>Size in bytes of an embedded asset (the comparison page reports them).</summary>
    public static long Size(string file) => Files.TryGetValue(file, out var asset) ? asset.Bytes.LongLength : 0;

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        const string prefix = "Patron.Server.Dashboard.";
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name[prefix.Length..];
            var type = file.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            files[file] = (copy.ToArray(), type);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
