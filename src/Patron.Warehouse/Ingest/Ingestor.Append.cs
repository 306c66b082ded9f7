using System.Globalization;
using Patron.DuckDb;
using Patron.Warehouse.Silver;
using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Ingest;

public sealed partial class Ingestor
{
    /// <summary>
    /// Appends a source's files to the warehouse open on <paramref name="connection"/> (a long-running server's own
    /// connection) with the same rules as <see cref="Ingest"/>, bronze and silver in one transaction, which is committed
    /// (and so durable: DuckDB writes its log before the commit returns) when this returns. No checkpoint is forced:
    /// DuckDB folds its log into the file on its own schedule. For a source that extends the warehouse (posted events)
    /// only the new rows are resolved when that gives what a full resolution would (<see cref="SilverBuilder.TryAppend"/>).
    /// </summary>
    /// <remarks>The connection must not be used by another thread meanwhile. <paramref name="progress"/> hears each step
    /// as it starts (a server times its commits by them).</remarks>
    public IngestResult Append(DuckDbConnection connection, ISourceAdapter source, string inputPath, IngestOptions? options = null, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        options ??= new IngestOptions();
        progress?.Report("checking files");
        var inputs = ResolveInputs(source, inputPath);
        PrepareAll(inputs);

        var now = TruncateToMicroseconds(_time.GetUtcNow().UtcDateTime);
        var ingestId = "ingest-" + now.ToString("yyyyMMdd'T'HHmmssffffff", CultureInfo.InvariantCulture);
        using var transaction = connection.BeginTransaction();
        WarehouseSchema.Ensure(connection);
        var result = Load(connection, source, inputs, options, ingestId, now, progress, incremental: true);
        if (options.JournalSequence is { } sequence)
        {
            EventJournalMark(connection, sequence, ingestId, now);
            transaction.Commit();
        }
        else if (!result.NothingNew)
        {
            transaction.Commit();
        }

        return result;
    }

    /// <summary>Records, in one transaction of its own, that the journal's records up to <paramref name="sequence"/> are
    /// settled without an ingest (a record the warehouse refused for its content: it must not be applied again).</summary>
    public void MarkJournal(DuckDbConnection connection, long sequence)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var now = TruncateToMicroseconds(_time.GetUtcNow().UtcDateTime);
        using var transaction = connection.BeginTransaction();
        WarehouseSchema.Ensure(connection);
        EventJournalMark(connection, sequence, "journal-" + now.ToString("yyyyMMdd'T'HHmmssffffff", CultureInfo.InvariantCulture), now);
        transaction.Commit();
    }

    private static void EventJournalMark(DuckDbConnection connection, long sequence, string ingestId, DateTime now)
    {
        using var mark = connection.Prepare("INSERT INTO bronze.event_journal VALUES (?, ?, ?)");
        mark.Bind(1, sequence).Bind(2, ingestId).Bind(3, now);
        mark.ExecuteNonQuery();
    }
}
