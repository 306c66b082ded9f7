using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Patron.Features.Dashboard;

namespace Patron.Server.Dashboard;

/// <summary>Where a dashboard page's time went, sent as the <c>Server-Timing</c> response header (W3C Server Timing):
/// <c>open</c> (the run's tables and filter choices, and a refresh after live events), <c>connect</c> (the request's
/// connection), one <c>sql.NAME</c> per query in the order run, <c>render</c> (the rest until the answer starts:
/// components, layout, routing) and <c>total</c> (from the request reaching the dashboard to the answer starting), each
/// in milliseconds. The parts add up to <c>total</c>.</summary>
/// <remarks>One per request (<see cref="Use"/> sets it as a request feature); the page's thread only.</remarks>
internal sealed class ServerTiming
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<(string Name, TimeSpan Took)> _parts = [];
    private DashboardQueries? _queries;

    /// <summary>Records a part of the request.</summary>
    public void Add(string name, TimeSpan took) => _parts.Add((name, took));

    /// <summary>The request's queries: their timings go into the header when the answer starts.</summary>
    public void Watch(DashboardQueries queries) => _queries = queries;

    /// <summary>The header's value, or null when the request rendered no dashboard page.</summary>
    public string? Header()
    {
        if (_parts.Count == 0 && _queries is null)
        {
            return null;
        }

        var total = Stopwatch.GetElapsedTime(_started);
        var text = new StringBuilder();
        var counted = TimeSpan.Zero;
        foreach (var (name, took) in _parts)
        {
            Append(text, name, took);
            counted += took;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (query, took) in _queries?.Timings ?? [])
        {
            // A query run twice in one request (the list by revenue and its fallback) is named twice: sql.NAME.2.
            var n = seen[query] = seen.GetValueOrDefault(query) + 1;
            Append(text, n == 1 ? "sql." + query : string.Create(CultureInfo.InvariantCulture, $"sql.{query}.{n}"), took);
            counted += took;
        }

        Append(text, "render", total > counted ? total - counted : TimeSpan.Zero);
        Append(text, "total", total);
        return text.ToString();
    }

    /// <summary>Gives each request a <see cref="ServerTiming"/> and writes its header when the answer starts (only
    /// when a dashboard page recorded something).</summary>
    public static void Use(WebApplication app) => app.Use(async (http, next) =>
    {
        var timing = new ServerTiming();
        http.Features.Set(timing);
        http.Response.OnStarting(() =>
        {
            if (timing.Header() is { } header)
            {
                http.Response.Headers["Server-Timing"] = header;
            }

            return Task.CompletedTask;
        });
        await next(http).ConfigureAwait(false);
    });

    private static void Append(StringBuilder text, string name, TimeSpan took)
    {
        if (text.Length > 0)
        {
            text.Append(", ");
        }

        text.Append(name).Append(";dur=").Append(took.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture));
    }
}
