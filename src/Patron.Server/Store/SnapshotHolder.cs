using Microsoft.Extensions.Logging;

namespace Patron.Server.Store;

/// <summary>Holds the snapshot being served and swaps in a new one atomically: a reload loads the new run beside the
/// old one, and only a complete snapshot replaces it. Requests in flight keep the snapshot they started with.</summary>
/// <remarks>Thread-safe. Reloads are serialised; a failed load keeps the current snapshot and reports the error.</remarks>
internal sealed partial class SnapshotHolder : IDisposable
{
    private readonly Func<string, RunSnapshot> _load;
    private readonly ILogger<SnapshotHolder> _logger;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile RunSnapshot? _current;

    public SnapshotHolder(ServeOptions options, ILogger<SnapshotHolder> logger, Func<string, RunSnapshot>? load = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        RunFolder = options.RunFolder;
        _logger = logger;
        _load = load ?? RunLoader.Load;
    }

    /// <summary>The folder served.</summary>
    public string RunFolder { get; }

    /// <summary>The snapshot being served, or null before the first load finished.</summary>
    public RunSnapshot? Current => _current;

    /// <summary>The last load error, or null after a successful load.</summary>
    public string? LastError { get; private set; }

    /// <summary>Loads the run folder and swaps it in; returns the snapshot served afterwards (the old one when the
    /// load failed, with <see cref="LastError"/> set).</summary>
    public async Task<RunSnapshot?> ReloadAsync(CancellationToken cancellation = default)
    {
        await _reload.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            RunSnapshot next;
            try
            {
                next = await Task.Run(() => _load(RunFolder), cancellation).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
            {
                LastError = ex.Message;
                LogLoadFailed(ex.GetType().Name, ex.Message);
                return _current;
            }

            var previous = _current;
            _current = next;
            LastError = null;
            if (previous is null || previous.Version != next.Version)
            {
                LogLoaded(next.Version, next.Customers.Count, next.LoadSeconds, next.Customers.Bytes / Math.Max(1, next.Customers.Count), next.LoadPhases);
            }

            return next;
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Dispose() => _reload.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving run {Version}: {Customers} customers loaded in {Seconds:0.00} s, {BytesPerCustomer} bytes per customer ({Phases})")]
    private partial void LogLoaded(string version, int customers, double seconds, long bytesPerCustomer, string phases);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run folder not loaded ({Kind}): {Message}; the current run stays served")]
    private partial void LogLoadFailed(string kind, string message);
}
