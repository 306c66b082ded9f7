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
        foreach (var input in inputs)
        {
            input.Prepare();
        }

        var now = TruncateToMicroseconds(_time.GetUtcNow().UtcDateTime);
        var ingestId = "ingest-" + now.ToString("yyyyMMdd'T'HHmmssffffff", CultureInfo.InvariantCulture);
        using var transaction = connection.BeginTransaction();
        WarehouseSchema.Ensure(connection);
        var result = Load(connection, source, inputs, options, ingestId, now, progress, incremental: true);
        if (!result.NothingNew)
        {
            transaction.Commit();
        }

        return result;
    }
}
