using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Patron.Warehouse.Ingest;

namespace Patron.Server.Live;

/// <summary><c>--watch DIR</c>: a file or folder dropped into DIR (in any source format the ingest knows) is ingested
/// through the live worker once it has stopped changing, then moved to <c>DIR/done</c>, or to <c>DIR/failed</c> with a
/// <c>.error.txt</c> beside it saying why.</summary>
internal sealed partial class FolderWatcher(ServeOptions options, LiveService live, ILogger<FolderWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.EventFolder is not { } folder || !live.Enabled)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var done = Directory.CreateDirectory(Path.Combine(folder, "done")).FullName;
        var failed = Directory.CreateDirectory(Path.Combine(folder, "failed")).FullName;
        await live.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        LogWatching(folder);
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
            {
                var name = Path.GetFileName(entry);
                if (name.StartsWith('.') || string.Equals(Path.GetFullPath(entry), done, StringComparison.Ordinal)
                    || string.Equals(Path.GetFullPath(entry), failed, StringComparison.Ordinal) || !Settled(entry))
                {
                    continue;
                }

                try
                {
                    var result = await live.IngestAsync(entry, stoppingToken).ConfigureAwait(false);
                    Move(entry, Path.Combine(done, name));
                    LogDone(name, result.RowsLoaded, result.RowsRejected);
                }
                catch (Exception ex) when (ex is InputException or IOException or ArgumentException or Patron.DuckDb.DuckDbException)
                {
                    Move(entry, Path.Combine(failed, name));
                    await File.WriteAllTextAsync(Path.Combine(failed, name + ".error.txt"), ex.Message + Environment.NewLine, stoppingToken).ConfigureAwait(false);
                    LogFailed(name, ex.Message);
                }
            }

            await Task.Delay(Poll, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether nothing in the entry changed for a second (a copy still being written waits).</summary>
    private static bool Settled(string entry)
    {
        var now = DateTime.UtcNow;
        if (File.Exists(entry))
        {
            return now - File.GetLastWriteTimeUtc(entry) > Quiet;
        }

        foreach (var file in Directory.EnumerateFiles(entry, "*", SearchOption.AllDirectories))
        {
            if (now - File.GetLastWriteTimeUtc(file) <= Quiet)
            {
                return false;
            }
        }

        return now - Directory.GetLastWriteTimeUtc(entry) > Quiet;
    }

    private static void Move(string from, string to)
    {
        if (File.Exists(to) || Directory.Exists(to))
        {
            to += "-" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (File.Exists(from))
        {
            File.Move(from, to);
        }
        else
        {
            Directory.Move(from, to);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Folder} for dropped files")]
    private partial void LogWatching(string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {Name}: {Loaded} rows loaded, {Rejected} rejected")]
    private partial void LogDone(string name, long loaded, long rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ingest {Name}: {Message}")]
    private partial void LogFailed(string name, string message);
}
