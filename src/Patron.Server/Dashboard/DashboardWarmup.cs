using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Patron.Server.Live;
using Patron.Server.Security;
using Patron.Server.Store;

namespace Patron.Server.Dashboard;

/// <summary>Prepares the dashboard as soon as a run is loaded (and again when a new run is): reads or builds its tables
/// in the background, then requests the default pages once, in process, through the server's own pipeline
/// (<see cref="Pages"/>), so that the first person to open them does not pay for the first run of each query (DuckDB's
/// plans and the first read of each table's blocks) and for compiling the pages' code (Razor components, MudBlazor).</summary>
/// <remarks>
/// The warm-up's requests are ordinary GETs (nothing is written), answered by the same middleware, components and
/// queries as any other; only their answers are discarded. They are counted by <c>/metrics</c> like other requests.
/// <c>/ready</c> does not wait for the warm-up: it answers as soon as the run is loaded, for the API, and says in
/// <c>dashboard</c> whether the pages are <c>warm</c>. A dashboard request arriving meanwhile waits for the warm-up
/// (up to <see cref="ServeOptions.DashboardWait"/>) instead of racing it for the two cores. Thread-safe.
/// </remarks>
internal sealed partial class DashboardWarmup(
    SnapshotHolder holder,
    DashboardSource source,
    DashboardPipeline pipeline,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<DashboardWarmup> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>The pages requested once per run, in this order: every page with its default filter and each sort of the
    /// customer list (the customer page is added for the run's first customer).</summary>
    public static IReadOnlyList<string> Pages { get; } =
        ["/", "/customers", "/customers?sort=clv", "/customers?sort=revenue", "/customers?sort=id", "/retention", "/funnel", "/models", "/cross-sell"];

    private Warming? _current;

    /// <summary>What the warm-up of the run served did: <c>off</c> without a warehouse, <c>preparing</c> until the
    /// tables are read or built and the pages requested (it starts within a quarter of a second of a run's load),
    /// <c>warm</c> when done, <c>failed</c> when the tables could not be prepared (pages then say why).</summary>
    public string State => !source.Configured ? "off"
        : _current is not { } current || current.Version != holder.Current?.Version || !current.Done.Task.IsCompleted ? "preparing"
        : current.Failed ? "failed" : "warm";

    /// <summary>The pages the last finished warm-up requested, in order (empty before one finished).</summary>
    public IReadOnlyList<WarmedPage> Warmed => _current is { Done.Task.IsCompleted: true } done ? done.Pages : [];

    /// <summary>The pages the last warm-up requested again once the live worker's rows were in memory, in order (empty
    /// until then, and without live events).</summary>
    public IReadOnlyList<WarmedPage> WarmedAgain => _current?.Again ?? [];

    /// <summary>Waits up to <paramref name="wait"/> for the warm-up of run <paramref name="version"/> when it is under
    /// way; returns at once otherwise (no warm-up, another run's, or done).</summary>
    public void WaitFor(string version, TimeSpan wait)
    {
        if (_current is { } current && current.Version == version && !current.Done.Task.IsCompleted && wait > TimeSpan.Zero)
        {
            current.Done.Task.Wait(wait);
        }
    }

    /// <summary>Whether <paramref name="http"/> is one of the warm-up's own requests (which must not wait for it).</summary>
    public static bool IsWarmup(HttpContext http) => http.Features.Get<WarmupRequest>() is not null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!source.Configured)
        {
            return;
        }

        string? prepared = null;
        using var timer = new PeriodicTimer(Poll);
        do
        {
            if (holder.Current is { } snapshot && snapshot.Version != prepared)
            {
                prepared = snapshot.Version;
                var warming = new Warming(snapshot.Version);
                _current = warming;
                try
                {
                    await WarmAsync(snapshot, warming, stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    warming.Done.TrySetResult();
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task WarmAsync(RunSnapshot snapshot, Warming warming, CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await source.Prepare(snapshot).WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The pages say why (each request tries the build again); nothing to warm.
            warming.Failed = true;
            LogFailed(snapshot.Version, ex.GetType().Name);
            return;
        }

        var prepared = clock.Elapsed;

        // The pipeline is built when the server starts; a run may load before that.
        var app = await pipeline.Built.WaitAsync(stoppingToken).ConfigureAwait(false);
        await WaitStartedAsync(stoppingToken).ConfigureAwait(false);
        var pages = new List<string>(Pages);
        if (snapshot.Customers.Count > 0)
        {
            pages.Add("/customers/" + Uri.EscapeDataString(snapshot.Customers.Ids.IdAt(0)));
        }

        var warmed = new List<WarmedPage>(pages.Count);
        foreach (var page in pages)
        {
            if (holder.Current?.Version != snapshot.Version || stoppingToken.IsCancellationRequested)
            {
                // Another run was loaded meanwhile (its own warm-up follows), or the server is stopping.
                break;
            }

            warmed.Add(await RequestAsync(app, page, stoppingToken).ConfigureAwait(false));
        }

        warming.Pages = warmed;
        LogWarmed(snapshot.Version, prepared.TotalSeconds, (clock.Elapsed - prepared).TotalSeconds, Summary(warmed));
        foreach (var page in warmed)
        {
            LogPage(page.Path, page.Timing ?? "");
        }

        if (warmed.Count == pages.Count)
        {
            warming.Done.TrySetResult();
            await AgainAfterLiveRowsAsync(snapshot, warming, app, pages, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Requests the pages once more when the live worker has read every customer's rows into memory (it starts
    /// with the server and reads them through the same DuckDB instance and buffer pool, which may evict the blocks of
    /// the dashboard's tables the first pass read). <see cref="State"/> is already <c>warm</c>: a request arriving
    /// meanwhile is not held.</summary>
    private async Task AgainAfterLiveRowsAsync(RunSnapshot snapshot, Warming warming, RequestDelegate app, List<string> pages, CancellationToken stoppingToken)
    {
        if (services.GetService<LiveService>() is not { Enabled: true } live)
        {
            return;
        }

        try
        {
            await live.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The live worker failed to start (it logs why): nothing was read through the pool after the first pass.
            return;
        }

        var clock = Stopwatch.StartNew();
        var again = new List<WarmedPage>(pages.Count);
        foreach (var page in pages)
        {
            if (holder.Current?.Version != snapshot.Version || stoppingToken.IsCancellationRequested)
            {
                return;
            }

            again.Add(await RequestAsync(app, page, stoppingToken).ConfigureAwait(false));
        }

        warming.Again = again;
        LogWarmedAgain(snapshot.Version, clock.Elapsed.TotalSeconds, Summary(again));
    }

    private static string Summary(List<WarmedPage> pages) =>
        string.Join(", ", pages.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Path} {p.Status} {p.Took.TotalMilliseconds:0} ms")));

    private async Task WaitStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One GET of <paramref name="target"/> (path and query) through the pipeline, as a request from outside
    /// would be served; the answer is hashed and discarded.</summary>
    private async Task<WarmedPage> RequestAsync(RequestDelegate app, string target, CancellationToken stoppingToken)
    {
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var response = new WarmupResponse();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Method = HttpMethods.Get,
            Scheme = "http",
            Protocol = "HTTP/1.1",
            Path = query < 0 ? target : target[..query],
            QueryString = query < 0 ? "" : target[query..],
        });
        features.Set<IHttpResponseFeature>(response);
        using var body = new MemoryStream();
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        features.Set(new WarmupRequest());

        // Stopping the server aborts the request as a closed connection would, and the warm-up waits for it to end, so
        // that no page still reads the warehouse while it closes.
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = stoppingToken });
        var http = new DefaultHttpContext(features);
        http.Request.Host = new HostString("localhost");
        if (services.GetService<SignInTokens>() is { } tokens)
        {
            // With an API key file the pages need a sign-in: the warm-up signs itself in as the sign-in page would.
            http.Request.Headers.Cookie = SignInTokens.CookieName + "=" + tokens.Issue();
        }

        var accessor = services.GetService<IHttpContextAccessor>();
        await using var scope = services.CreateAsyncScope();
        http.RequestServices = scope.ServiceProvider;
        if (accessor is not null)
        {
            accessor.HttpContext = http;
        }

        var clock = Stopwatch.StartNew();
        try
        {
            await app(http).ConfigureAwait(false);
            await response.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception handler answers faults; one that escapes it is logged and the warm-up goes on.
            LogPageFailed(target, ex.GetType().Name);
            response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        finally
        {
            await response.CompleteAsync().ConfigureAwait(false);
            if (accessor is not null)
            {
                accessor.HttpContext = null;
            }
        }

        var took = clock.Elapsed;
        var timing = response.Headers.TryGetValue("Server-Timing", out var header) ? header.ToString() : null;
        return new WarmedPage(target, response.StatusCode, took, timing, body.Length, Digest(body.GetBuffer().AsSpan(0, (int)body.Length)));
    }

    /// <summary>The SHA-256 of a page's answer with the element ids MudBlazor draws at random for each render
    /// (<c>mudinput</c> and eight characters) left out: two renders of the same figures have the same digest.</summary>
    internal static string Digest(ReadOnlySpan<byte> page) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(RandomIds().Replace(System.Text.Encoding.UTF8.GetString(page), "mudinput"))));

    [GeneratedRegex("mudinput[0-9a-z]{8}", RegexOptions.CultureInvariant)]
    private static partial Regex RandomIds();

    /// <summary>One page the warm-up requested: its status, time, <c>Server-Timing</c> value, answer length and
    /// <see cref="Digest"/>.</summary>
    internal sealed record WarmedPage(string Path, int Status, TimeSpan Took, string? Timing, long Bytes, string Digest);

    /// <summary>Marks the warm-up's own requests.</summary>
    private sealed class WarmupRequest;

    private sealed class Warming(string version)
    {
        public string Version { get; } = version;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Failed { get; set; }

        public IReadOnlyList<WarmedPage> Pages { get; set; } = [];

        public IReadOnlyList<WarmedPage>? Again { get; set; }
    }

    /// <summary>The response of a warm-up request: its status and headers, and the callbacks a server runs when the
    /// answer starts and when it is complete (the request's connection is closed by one).</summary>
    private sealed class WarmupResponse : IHttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];
        private readonly List<(Func<object, Task> Callback, object State)> _completed = [];

        public int StatusCode { get; set; } = StatusCodes.Status200OK;

        public string? ReasonPhrase { get; set; }

        public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

        public Stream Body { get; set; } = Stream.Null;

        public bool HasStarted { get; private set; }

        public void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public void OnCompleted(Func<object, Task> callback, object state) => _completed.Add((callback, state));

        public async Task StartAsync()
        {
            if (HasStarted)
            {
                return;
            }

            HasStarted = true;

            // As Kestrel does: the last registered first.
            for (var i = _starting.Count - 1; i >= 0; i--)
            {
                await _starting[i].Callback(_starting[i].State).ConfigureAwait(false);
            }
        }

        public async Task CompleteAsync()
        {
            for (var i = _completed.Count - 1; i >= 0; i--)
            {
                await _completed[i].Callback(_completed[i].State).ConfigureAwait(false);
            }

            _completed.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard of run {Version} warm: tables ready in {Prepared:0.0} s, default pages requested once in {Pages:0.0} s ({List})")]
    private partial void LogWarmed(string version, double prepared, double pages, string list);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard of run {Version} requested again once the live rows were in memory, in {Seconds:0.0} s ({List})")]
    private partial void LogWarmedAgain(string version, double seconds, string list);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dashboard warm-up {Path}: {Timing}")]
    private partial void LogPage(string path, string timing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard warm-up: the tables of run {Version} could not be prepared ({Error}); pages say why")]
    private partial void LogFailed(string version, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard warm-up: {Path} failed ({Error})")]
    private partial void LogPageFailed(string path, string error);
}
