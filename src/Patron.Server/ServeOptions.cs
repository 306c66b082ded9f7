namespace Patron.Server;

/// <summary>How <c>patron serve</c> runs: the run folder served, where it listens, keys, the store and the limits.</summary>
public sealed record ServeOptions
{
    /// <summary>Loopback only unless the caller names another address.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The run folder (from <c>patron run</c> or <c>patron demo</c>).</summary>
    public required string RunFolder { get; init; }

    /// <summary>Addresses to listen on (semicolon separated).</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The API key file (docs/serving.md); null serves without keys.</summary>
    public string? ApiKeyFile { get; init; }

    /// <summary><c>memory</c>, or <c>redis://HOST:PORT</c> to read profiles from Redis.</summary>
    public string Store { get; init; } = "memory";

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Requests a client (API key, else address) may make per second; 0 turns the limiter off.</summary>
    public int RateLimitPerSecond { get; init; } = 20_000;

    /// <summary>Whether request handlers run on the socket threads (<c>--inline-io</c>): Kestrel's
    /// <c>UnsafePreferInlineScheduling</c>, with the runtime's inline socket completions set by the serve command. Fewer
    /// thread hops on a profile read from Redis (docs/serving.md, "Redis store"); for instances whose routes never block
    /// a thread, so not with a warehouse (<see cref="Db"/>), whose dashboard and events query DuckDB synchronously.</summary>
    public bool InlineIo { get; init; }

    /// <summary>Whether a change of the run folder's run.json reloads it.</summary>
    public bool Watch { get; init; } = true;

    /// <summary>The warehouse file (<c>--db</c>): the dashboard reads it, and <c>POST /api/events</c> appends events to it
    /// so profiles update live (docs/live.md); null serves the run folder alone.</summary>
    public string? Db { get; init; }

    /// <summary>A folder whose dropped files (any source format) are ingested like posted events (<c>--watch DIR</c>);
    /// needs <see cref="Db"/>.</summary>
    public string? EventFolder { get; init; }

    /// <summary>The folder of experiment analyses and uplift files the dashboard's experiments page reads
    /// (<c>--experiments DIR</c>); null reads <c>experiments/</c> inside the run folder when it exists.</summary>
    public string? Experiments { get; init; }

    /// <summary>How long a dashboard page or download waits for the dashboard's tables while they are being built
    /// (docs/dashboard.md) before it says they are not ready yet.</summary>
    public TimeSpan DashboardWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>When set, the dashboard's tables are built only once this task has completed (tests hold it to see the
    /// pages and downloads while the tables are being built).</summary>
    internal Task? DashboardBuildGate { get; init; }

    /// <summary>The experiments folder in force: <see cref="Experiments"/>, else the run folder's <c>experiments/</c>.</summary>
    public string ExperimentsFolder => Experiments ?? Path.Combine(RunFolder, "experiments");
}
