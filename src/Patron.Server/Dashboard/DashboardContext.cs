using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Patron.Features.Dashboard;
using Patron.Server.Store;

namespace Patron.Server.Dashboard;

/// <summary>One page request's view of the dashboard: the run served, the global filter read from the URL, and the
/// warehouse queries (one connection, closed with the request). When something is missing — no run loaded yet, no
/// warehouse given, a warehouse that cannot be opened — <see cref="Problem"/> says so and pages show it.</summary>
/// <remarks>Scoped to a request; not thread-safe.</remarks>
internal sealed class DashboardContext
{
    private readonly HttpContext _http;
    private readonly DashboardSource _source;
    private readonly ServerTiming? _timing;
    private DashboardQueries? _queries;

    public DashboardContext(IHttpContextAccessor accessor, SnapshotHolder holder, DashboardSource source, DashboardWarmup warmup, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(warmup);
        ArgumentNullException.ThrowIfNull(accessor);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(options);
        _http = accessor.HttpContext ?? throw new InvalidOperationException("The dashboard answers HTTP requests only.");
        _source = source;
        _timing = _http.Features.Get<ServerTiming>();
        var started = Stopwatch.GetTimestamp();
        Snapshot = holder.Current;
        var choices = FilterChoices.Empty;
        if (Snapshot is null)
        {
            Problem = "The run folder is still loading; reload the page in a moment.";
        }
        else if (!source.Configured)
        {
            Problem = "No warehouse was given: start the server with patron serve --run DIR --db FILE to see figures from the orders. The run's own pages (models, customer scores) are shown.";
        }
        else
        {
            try
            {
                // While the pages are requested once after the run loaded, a request waits for that instead of racing
                // it (the warm-up's own requests do not wait for themselves); the whole wait stays within the bound.
                if (!DashboardWarmup.IsWarmup(_http))
                {
                    warmup.WaitFor(Snapshot.Version, options.DashboardWait);
                }

                var left = options.DashboardWait - Stopwatch.GetElapsedTime(started);
                Opened = source.For(Snapshot, left > TimeSpan.Zero ? left : TimeSpan.Zero);
                choices = Opened.Choices;
            }
            catch (DashboardPreparingException ex)
            {
                Problem = ex.Message;
            }
            catch (Exception ex) when (ex is FileNotFoundException or Patron.DuckDb.DuckDbException or Patron.Warehouse.WarehouseException or IOException or ObjectDisposedException)
            {
                Problem = "The warehouse could not be opened: " + ex.Message;
            }
        }

        Choices = choices;
        Filter = FilterQuery.Parse(_http.Request.Query, choices, FilterErrors);
        _timing?.Add("open", Stopwatch.GetElapsedTime(started));
    }

    public RunSnapshot? Snapshot { get; }

    public DashboardSource.Opened? Opened { get; }

    /// <summary>Why warehouse figures cannot be shown, or null when they can.</summary>
    public string? Problem { get; }

    public FilterChoices Choices { get; }

    public DashboardFilter Filter { get; }

    public List<string> FilterErrors { get; } = [];

    /// <summary>The request path (for the filter form and links).</summary>
    public string Path => _http.Request.Path.Value ?? "/";

    public IQueryCollection Query => _http.Request.Query;

    /// <summary>The warehouse queries of this request, or null when <see cref="Problem"/> is set.</summary>
    public DashboardQueries? Queries
    {
        get
        {
            if (_queries is null && Opened is not null)
            {
                var started = Stopwatch.GetTimestamp();
                _queries = Opened.Warehouse.Connect();
                _http.Response.RegisterForDispose(_queries);
                _timing?.Add("connect", Stopwatch.GetElapsedTime(started));
                _timing?.Watch(_queries);
            }

            return _queries;
        }
    }

    /// <summary>A link to <paramref name="path"/> keeping the filter, with <paramref name="extra"/> pairs.</summary>
    public string Link(string path, params (string Key, string? Value)[] extra) => path + FilterQuery.ToQuery(Filter, extra);
}
