using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Patron.Server.Store;

namespace Patron.Server.Hosting;

/// <summary>Loads the run folder when the server starts (in the background, so <c>/health</c> answers at once and
/// <c>/ready</c> when the run is in), then watches the folder: a change of run.json, which a run writes last, reloads it
/// after a short quiet period.</summary>
internal sealed partial class RunLoadService(SnapshotHolder holder, ServeOptions options, ILogger<RunLoadService> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FileSystemWatcher? _watcher;
    private FileSystemWatcher? _profiles;
    private Timer? _debounce;

    /// <summary>Completes when the first load has finished, loaded or not.</summary>
    public Task Loaded => _loaded.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await holder.ReloadAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _loaded.TrySetResult();
            }
        }, CancellationToken.None);
        if (options.Watch && Directory.Exists(options.RunFolder))
        {
            _debounce = new Timer(_ => _ = holder.ReloadAsync(CancellationToken.None), null, Timeout.Infinite, Timeout.Infinite);
            _watcher = new FileSystemWatcher(options.RunFolder, "run.json") { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            _watcher.Changed += OnChange;
            _watcher.Created += OnChange;
            _watcher.Renamed += OnChange;
            _watcher.EnableRaisingEvents = true;

            // profiles.bin rewritten in place: the served copy was detached from it (Store/ProfileFileMapping.cs);
            // the folder is loaded again once the writes have been quiet for a moment.
            _profiles = new FileSystemWatcher(options.RunFolder, Patron.Pipeline.Output.ProfileSnapshot.FileName) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size };
            _profiles.Changed += OnChange;
            _profiles.EnableRaisingEvents = true;
            ProfileFileMapping.Detached += OnDetached;
            LogWatching(options.RunFolder);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }

        if (_profiles is not null)
        {
            _profiles.EnableRaisingEvents = false;
        }

        ProfileFileMapping.Detached -= OnDetached;

        _debounce?.Change(Timeout.Infinite, Timeout.Infinite);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _profiles?.Dispose();
        ProfileFileMapping.Detached -= OnDetached;
        _debounce?.Dispose();
    }

    private void OnChange(object sender, FileSystemEventArgs e) => _debounce?.Change(Quiet, Timeout.InfiniteTimeSpan);

    private void OnDetached(string path)
    {
        if (string.Equals(Path.GetDirectoryName(path), Path.GetFullPath(options.RunFolder).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            LogDetached();
            _debounce?.Change(Quiet, Timeout.InfiniteTimeSpan);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "profiles.bin of the served run is being rewritten in place: serving a private copy of it until the folder loads again")]
    private partial void LogDetached();

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Folder} for new runs")]
    private partial void LogWatching(string folder);
}
