using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Warehouse.Silver;
using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Ingest;

/// <summary>
/// Lands a source's files in bronze and rebuilds that source's silver rows, all or nothing: either everything the ingest
/// read is stored, or the warehouse stays exactly as it was (a first ingest is built beside its path and moved there once
/// complete, see <c>IngestNew</c>; an ingest into an existing warehouse stages its rows and puts them in place in one
/// short transaction, see <c>IngestExisting</c>; <see cref="Append"/> runs in one transaction).
/// </summary>
/// <remarks>Files are identified by content hash: a file already ingested is skipped, a new one is appended.</remarks>
public sealed partial class Ingestor
{
    /// <summary>The progress report of an incremental ingest (<see cref="Append"/>) that is about to resolve its source's
    /// silver rows again in full, rewriting rows stored before: given before anything is rewritten.</summary>
    public const string ResolvedInFull = "silver resolved in full";

    private const int RejectSampleLimit = 20;


    /// <summary>Lines of up to 8 MB (quoted text spanning lines), read in buffers of twice that. DuckDB's default buffer is
    /// 16 times the line limit, 128 MB, several at once per file: that alone would not fit a small memory limit.</summary>
    private const string CsvBufferOptions = "max_line_size = 8388608, buffer_size = 16777216";

    private readonly TimeProvider _time;

    public Ingestor(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    public IngestResult Ingest(string warehousePath, ISourceAdapter source, string inputPath, IngestOptions? options = null, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        options ??= new IngestOptions();

        var inputs = ResolveInputs(source, inputPath);
        progress?.Report($"checking {inputs.Count} file(s)");
        PrepareAll(inputs);

        var existed = File.Exists(warehousePath);
        var now = TruncateToMicroseconds(_time.GetUtcNow().UtcDateTime);
        var ingestId = "ingest-" + now.ToString("yyyyMMdd'T'HHmmssffffff", CultureInfo.InvariantCulture);
        // A log without its file (left by a crash) would be replayed into a file moved in beside it: that case keeps the
        // transaction on the path itself, as does a path whose folder does not exist (DuckDB's own error is reported).
        if (!existed && !File.Exists(warehousePath + ".wal") && Path.GetDirectoryName(Path.GetFullPath(warehousePath)) is { } folder && Directory.Exists(folder))
        {
            return IngestNew(Path.GetFullPath(warehousePath), source, inputs, options, ingestId, now, progress);
        }

        if (existed && options.StagedRebuild && IngestExisting(warehousePath, source, inputs, options, ingestId, now, progress) is { } staged)
        {
            return staged;
        }

        // DuckDB writes a large uncommitted insert into new blocks at the end of the file; a failed ingest (a full disk,
        // say) rolls the rows back but not the file's length. With no write-ahead log to replay, nothing committed lies
        // beyond the old end, so the file is cut back to it.
        var sizeBefore = existed && !File.Exists(warehousePath + ".wal") ? new FileInfo(warehousePath).Length : -1;
        IngestResult result;
        var committed = false;
        try
        {
            using var connection = WarehouseFile.Open(warehousePath, memoryLimit: options.MemoryLimit);
            using (var transaction = connection.BeginTransaction())
            {
                WarehouseSchema.Ensure(connection);
                result = Load(connection, source, inputs, options, ingestId, now, progress, incremental: false);
                if (!result.NothingNew)
                {
                    progress?.Report("committing");
                    transaction.Commit();
                    committed = true;
                }
            }

            if (committed)
            {
                // Keep the database file self-contained once the ingest is done.
                progress?.Report("writing the warehouse file");
                connection.Execute("CHECKPOINT;");
            }
        }
        catch
        {
            if (!existed && File.Exists(warehousePath))
            {
                WarehouseFile.Delete(warehousePath);
            }
            else if (sizeBefore >= 0 && !committed && !File.Exists(warehousePath + ".wal"))
            {
                TruncateBack(warehousePath, sizeBefore);
            }

            throw;
        }

        if (!committed && !existed && File.Exists(warehousePath))
        {
            WarehouseFile.Delete(warehousePath);
        }

        return result;
    }

    /// <summary>
    /// The first ingest into <paramref name="warehousePath"/> (no warehouse there yet): the warehouse is built in a folder
    /// of its own beside that path (<see cref="BuildingFolder"/>, the file under the same name) and moved into place once
    /// complete, so the path holds either nothing or the whole warehouse, whatever happens to the process meanwhile; a
    /// failure at any step removes the folder. As nobody else can see that file, its statements commit one by one instead
    /// of in one transaction: DuckDB reads the rows its open transaction wrote itself (bronze, the staged copies, the
    /// temp tables of the resolution) on one thread, and committed rows on every thread, so the resolution, which reads
    /// every bronze row several times, gets both cores instead of one (docs/pipeline.md).
    /// </summary>
    private IngestResult IngestNew(string warehousePath, ISourceAdapter source, List<SourceInput> inputs, IngestOptions options, string ingestId, DateTime now, IProgress<string>? progress)
    {
        RemoveAbandonedBuilds(warehousePath);
        var folder = BuildingFolder(warehousePath, Environment.ProcessId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var building = Path.Combine(folder, Path.GetFileName(warehousePath));
        try
        {
            IngestResult result;
            using (var connection = WarehouseFile.Open(building, memoryLimit: options.MemoryLimit))
            {
                WarehouseSchema.Ensure(connection);
                result = Load(connection, source, inputs, options, ingestId, now, progress, incremental: false);
                if (result.NothingNew)
                {
                    return result;
                }

                // Keep the database file self-contained once the ingest is done.
                progress?.Report("writing the warehouse file");
                connection.Execute("CHECKPOINT;");
            }

            // Closed after a checkpoint, DuckDB leaves no log beside the file; one left anyway belongs with it.
            File.Move(building, warehousePath);
            if (File.Exists(building + ".wal"))
            {
                File.Move(building + ".wal", warehousePath + ".wal");
            }

            return result;
        }
        finally
        {
            TryDeleteFolder(folder);
        }
    }

    /// <summary>
    /// An ingest into an existing warehouse (a second export): its statements commit one by one, as a first ingest's do,
    /// so DuckDB reads the rows they wrote on every thread, while what the warehouse held stays as it was until one short
    /// transaction at the end. Bronze rows, rejects and the ingest log's rows are written under this ingest's time and id,
    /// marked pending in <c>bronze.ingest_pending</c>; silver is rebuilt in staged tables (<see cref="SilverStage"/>).
    /// The last transaction swaps the staged tables in and drops the mark. A
    /// failure before it removes the pending rows and the staged tables; a killed ingest's are removed by the next ingest
    /// into the warehouse before it reads anything. Null, with nothing written, when an ingest already stored has this
    /// ingest's time (a clock set back, or a fixed one): its rows could not be told from this one's, so the caller runs the
    /// ingest in one transaction instead.
    /// </summary>
    private IngestResult? IngestExisting(string warehousePath, ISourceAdapter source, List<SourceInput> inputs, IngestOptions options, string ingestId, DateTime now, IProgress<string>? progress)
    {
        using var connection = WarehouseFile.Open(warehousePath, memoryLimit: options.MemoryLimit);
        if (Names(connection, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'bronze' AND table_name = 'ingest_log'").Count > 0
            && connection.Scalar<long>($"SELECT count(*) FROM bronze.ingest_log WHERE ingested_at = {SqlScripts.Timestamp(now)} OR ingest_id = {SqlScripts.Literal(ingestId)}") > 0)
        {
            return null;
        }

        WarehouseSchema.Ensure(connection);
        DiscardPending(connection);
        var bronzeBefore = new HashSet<string>(Names(connection, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'bronze'"), StringComparer.Ordinal);
        var staging = SilverBuilder.StagingSchema(source.Name);
        var stagingBefore = Names(connection, $"SELECT schema_name FROM duckdb_schemas() WHERE schema_name = {SqlScripts.Literal(staging)}").Count > 0;
        using (var mark = connection.Prepare("INSERT INTO bronze.ingest_pending VALUES (?, ?)"))
        {
            mark.Bind(1, ingestId).Bind(2, now);
            mark.ExecuteNonQuery();
        }

        IngestResult result;
        try
        {
            result = Load(connection, source, inputs, options, ingestId, now, progress, incremental: false, staged: true);
        }
        catch
        {
            try
            {
                // The failure may have been the ingest's memory limit: the clean-up gets the default one.
                if (options.MemoryLimit is not null)
                {
                    connection.Execute($"SET memory_limit = {SqlScripts.Literal(WarehouseFile.MemoryLimit())};");
                }

                DiscardPending(connection);
                var undo = new StringBuilder();
                foreach (var table in Names(connection, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'bronze'"))
                {
                    if (!bronzeBefore.Contains(table))
                    {
                        undo.Append("DROP TABLE IF EXISTS bronze.").Append(Quote(table)).Append(';');
                    }
                }

                if (!stagingBefore)
                {
                    undo.Append("DROP SCHEMA IF EXISTS ").Append(staging).Append(" CASCADE;");
                }

                if (undo.Length > 0)
                {
                    connection.Execute(undo.ToString());
                }

                // The checkpoint hands back the blocks the removed rows took at the end of the file.
                connection.Execute("CHECKPOINT;");
            }
            catch (DuckDbException)
            {
                // The ingest's own failure is the error to report; the next ingest removes what is left.
            }

            throw;
        }

        if (result.NothingNew)
        {
            DiscardPending(connection);
            return result;
        }

        // Keep the database file self-contained once the ingest is done.
        progress?.Report("writing the warehouse file");
        connection.Execute("CHECKPOINT;");
        return result;
    }

    /// <summary>Removes, in one transaction, what ingests marked pending left (this one's after a failure, a killed one's
    /// before the next ingest reads anything): their bronze rows and rejects (by their ingest time), any log rows, and
    /// the staged silver tables.</summary>
    private static void DiscardPending(DuckDbConnection connection)
    {
        if (connection.Scalar<long>("SELECT count(*) FROM bronze.ingest_pending") == 0)
        {
            SilverStage.Discard(connection);
            return;
        }

        var sql = new StringBuilder();
        foreach (var table in Names(connection, "SELECT table_name FROM duckdb_columns() WHERE schema_name = 'bronze' AND column_name = '_ingested_at' ORDER BY table_name"))
        {
            sql.Append("DELETE FROM bronze.").Append(Quote(table)).Append(" WHERE _ingested_at IN (SELECT ingested_at FROM bronze.ingest_pending);");
        }

        sql.Append("DELETE FROM bronze.ingest_log WHERE ingest_id IN (SELECT ingest_id FROM bronze.ingest_pending);");
        sql.Append("DELETE FROM bronze.rejects WHERE ingest_id IN (SELECT ingest_id FROM bronze.ingest_pending);");
        using var transaction = connection.BeginTransaction();
        connection.Execute(sql.ToString());
        SilverStage.Discard(connection);
        connection.Execute("DELETE FROM bronze.ingest_pending;");
        transaction.Commit();
    }

    private static List<string> Names(DuckDbConnection connection, string sql)
    {
        using var result = connection.Query(sql);
        var names = new List<string>((int)result.RowCount);
        var column = result.Columns[0];
        for (var i = 0; i < result.RowCount; i++)
        {
            names.Add(column.GetString(i));
        }

        return names;
    }

    /// <summary>Where a first ingest into <paramref name="warehousePath"/> by process <paramref name="processId"/> builds
    /// the warehouse: a hidden folder beside it, named after it and the process.</summary>
    internal static string BuildingFolder(string warehousePath, int processId)
        => Path.Combine(Path.GetDirectoryName(warehousePath)!, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(warehousePath)}.ingest-{processId}"));

    /// <summary>Removes the building folders of first ingests into <paramref name="warehousePath"/> whose process is gone
    /// (killed before it could clean up); a folder of a process still running is left alone.</summary>
    private static void RemoveAbandonedBuilds(string warehousePath)
    {
        var prefix = $".{Path.GetFileName(warehousePath)}.ingest-";
        foreach (var folder in Directory.EnumerateDirectories(Path.GetDirectoryName(warehousePath)!, prefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(folder).AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && id != Environment.ProcessId && !ProcessRuns(id))
            {
                TryDeleteFolder(folder);
            }
        }
    }

    private static bool ProcessRuns(int id)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(id);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: the warehouse's path is already settled either way; only free space is not returned.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    // staged: silver is built in staged tables, swapped in by one transaction at the end (IngestExisting), which also
    // clears the mark that makes this ingest's bronze rows, rejects and log rows pending until then.
    private IngestResult Load(DuckDbConnection connection, ISourceAdapter source, List<SourceInput> inputs, IngestOptions options, string ingestId, DateTime now, IProgress<string>? progress, bool incremental, bool staged = false)
    {
        var files = new List<IngestedFile>(inputs.Count);
        var samples = new List<RejectedRow>();
        var anyLoaded = false;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            EnsureBronzeTable(connection, source, input.File, staged);
            using (var seen = connection.Prepare("SELECT count(*) FROM bronze.ingest_log WHERE source = ? AND content_sha256 = ?"))
            {
                seen.Bind(1, source.Name).Bind(2, input.Sha256);
                if (seen.Scalar<long>() > 0)
                {
                    files.Add(new IngestedFile(input.File.Key, input.DisplayName, IngestedFile.Skipped, 0, 0, input.IgnoredColumns));
                    continue;
                }
            }

            progress?.Report($"reading {input.DisplayName}");
            var loaded = LoadFile(connection, source, input, i, ingestId, now, options, samples, out var rejected);
            if (loaded == 0)
            {
                var first = samples.Count > 0 ? FirstRejectOf(samples, input.DisplayName) : null;
                throw first is null
                    ? new InputException(input.DisplayName, null, null, "the file has a header but no data rows")
                    : new InputException(input.DisplayName, first.Line, first.Column,
                        string.Create(CultureInfo.InvariantCulture, $"nothing usable was read: all {rejected} row(s) were rejected; the first: {first.Reason}"));
            }

            if (options.Strict && rejected > 0)
            {
                var first = FirstRejectOf(samples, input.DisplayName)!;
                throw new InputException(input.DisplayName, first.Line, first.Column,
                    string.Create(CultureInfo.InvariantCulture, $"{rejected} row(s) rejected under --strict, nothing was stored; the first: {first.Reason}"));
            }

            if (loaded + rejected != input.DataRecords)
            {
                // The safety net under the quote checks: whatever the cause, rows that vanish between the file and the
                // warehouse refuse the file.
                throw new InputException(input.DisplayName, null, null, string.Create(CultureInfo.InvariantCulture,
                    $"the file has {input.DataRecords} data record(s) but {loaded} were loaded and {rejected} rejected: the reader lost rows ")
                    + "(damaged quoting or line breaks); nothing was loaded from this file");
            }

            anyLoaded = true;
            files.Add(new IngestedFile(input.File.Key, input.DisplayName, IngestedFile.Loaded, loaded, rejected, input.IgnoredColumns, input.DataRecords));
            using var log = connection.Prepare("INSERT INTO bronze.ingest_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            log.Bind(1, ingestId).Bind(2, source.Name).Bind(3, input.File.Key).Bind(4, input.DisplayName).Bind(5, input.FullPath)
               .Bind(6, input.Sha256).Bind(7, input.SizeBytes).Bind(8, loaded).Bind(9, rejected).Bind(10, now);
            log.ExecuteNonQuery();
        }

        if (!anyLoaded)
        {
            return new IngestResult(source.Name, ingestId, files, samples, SilverBuilder.Counts(connection, source.Name));
        }

        if (incremental)
        {
            progress?.Report("staging");
        }

        EnsureAllBronzeTables(connection, source, staged);
        connection.Execute(source.StagingSql(options));
        SilverStage? stage = null;
        if (staged)
        {
            // The views as defined tell which tables the source fills; then they are pointed at the staged tables.
            stage = SilverStage.Begin(connection, source);
            connection.Execute(stage.Rewrite(source.StagingSql(options)));
        }

        var builder = new SilverBuilder(options.Policy);
        var appended = incremental && builder.TryAppend(connection, source, now, now, LoadedPaths(inputs, files), progress);
        if (!appended)
        {
            if (incremental)
            {
                // Said before anything is rewritten, so a reader keeping appended rows knows they may move.
                progress?.Report(ResolvedInFull);
            }

            builder.Build(connection, source, now, progress, stage);
        }

        if (stage is not null)
        {
            progress?.Report("committing");
            using var transaction = connection.BeginTransaction();
            connection.Execute(source.StagingSql(options));
            stage.Swap(connection);
            connection.Execute($"DELETE FROM bronze.ingest_pending WHERE ingest_id = {SqlScripts.Literal(ingestId)};");
            transaction.Commit();
        }

        if (incremental)
        {
            progress?.Report("counting");
        }

        CountQuarantined(connection, source, inputs, files);
        return new IngestResult(source.Name, ingestId, files, samples, SilverBuilder.Counts(connection, source.Name)) { Appended = appended };
    }

    private static List<string> LoadedPaths(List<SourceInput> inputs, List<IngestedFile> files)
    {
        var paths = new List<string>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Status == IngestedFile.Loaded)
            {
                paths.Add(inputs[i].FullPath);
            }
        }

        return paths;
    }

    /// <summary>Per loaded file, how many of its rows silver set aside (a row with several findings counts once).</summary>
    private static void CountQuarantined(DuckDbConnection connection, ISourceAdapter source, List<SourceInput> inputs, List<IngestedFile> files)
    {
        using var query = connection.Prepare(
            "SELECT count(DISTINCT _row_number) FROM silver.quality_issues WHERE source = ? AND action = 'quarantined' AND _source_file = ?");
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Status != IngestedFile.Loaded)
            {
                continue;
            }

            query.Bind(1, source.Name).Bind(2, inputs[i].FullPath);
            files[i] = files[i] with { RowsQuarantined = query.Scalar<long>() };
        }
    }

    /// <summary>Cuts the closed warehouse file back to <paramref name="length"/> if a failed ingest left it longer.</summary>
    private static void TruncateBack(string warehousePath, long length)
    {
        try
        {
            using var file = new FileStream(warehousePath, FileMode.Open, FileAccess.Write, FileShare.None);
            if (file.Length > length)
            {
                file.SetLength(length);
            }
        }
        catch (IOException)
        {
            // Best effort: the warehouse's content is intact either way; only free space is not returned.
        }
    }

    private static RejectedRow? FirstRejectOf(List<RejectedRow> samples, string fileName)
    {
        foreach (var sample in samples)
        {
            if (sample.FileName == fileName)
            {
                return sample;
            }
        }

        return null;
    }

    /// <summary>Staging views read every bronze table of the source, so a file not ingested yet still needs its (empty) table.</summary>
    private static void EnsureAllBronzeTables(DuckDbConnection connection, ISourceAdapter source, bool ownTransaction)
    {
        foreach (var file in source.Files)
        {
            EnsureBronzeTable(connection, source, file, ownTransaction);
        }
    }

    /// <summary>
    /// Creates the file's bronze table if the warehouse has none, and brings one written before bronze rows carried a
    /// file id (a <c>_source_file</c> path on every row) to the current definition: each path and ingest time gets its
    /// row in <c>bronze.files</c>, and the rows are copied, in their order, into the table as now defined with that id.
    /// The staging views read the path back through <c>bronze.files</c>, so silver is the same either way. With
    /// <paramref name="ownTransaction"/> (an ingest committing statement by statement) the change is one transaction of
    /// its own; otherwise it belongs to the caller's, which is open (a first ingest, the other way, has no table to change).
    /// </summary>
    private static void EnsureBronzeTable(DuckDbConnection connection, ISourceAdapter source, SourceFile file, bool ownTransaction)
    {
        var table = file.BronzeTable(source.Name);
        var name = table["bronze.".Length..];
        if (connection.Scalar<long>($"SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'bronze' AND table_name = {SqlScripts.Literal(name)} AND column_name = '_source_file'") == 0)
        {
            connection.Execute(BronzeTableSql(source, file));
            return;
        }

        var old = Quote(name + "__paths");
        var columns = new StringBuilder();
        foreach (var column in file.Columns)
        {
            columns.Append("b.").Append(Quote(column.TableColumn)).Append(", ");
        }

        using var transaction = ownTransaction ? connection.BeginTransaction() : null;
        connection.Execute(
            $"INSERT INTO bronze.files SELECT (SELECT coalesce(max(file_id), 0) FROM bronze.files) + row_number() OVER (ORDER BY _ingested_at, _source_file), _source_file, _ingested_at "
            + $"FROM (SELECT DISTINCT _source_file, _ingested_at FROM {table});"
            + $"ALTER TABLE {table} RENAME TO {old};"
            + BronzeTableSql(source, file)
            + $"INSERT INTO {table} SELECT {columns}b._ingested_at, f.file_id, b._row_number FROM bronze.{old} b "
            + $"JOIN bronze.files f ON f.path = b._source_file AND f._ingested_at = b._ingested_at ORDER BY b.rowid;"
            + $"DROP TABLE bronze.{old};");
        transaction?.Commit();
    }

    /// <summary>Gives the file an id in <c>bronze.files</c> under this ingest's time and returns it: the id its bronze rows
    /// carry in place of the path.</summary>
    private static long RegisterFile(DuckDbConnection connection, SourceInput input, DateTime now)
    {
        var id = connection.Scalar<long>("SELECT coalesce(max(file_id), 0) + 1 FROM bronze.files;");
        using var insert = connection.Prepare("INSERT INTO bronze.files VALUES (?, ?, ?)");
        insert.Bind(1, id).Bind(2, input.FullPath).Bind(3, now);
        insert.ExecuteNonQuery();
        return id;
    }

    private static string BronzeTableSql(ISourceAdapter source, SourceFile file)
    {
        var sql = new StringBuilder();
        sql.Append("CREATE TABLE IF NOT EXISTS ").Append(file.BronzeTable(source.Name)).Append(" (");
        foreach (var column in file.Columns)
        {
            sql.Append(Quote(column.TableColumn)).Append(' ').Append(column.DuckDbType).Append(column.Type != ColumnType.Text ? ", "
                : column.RowKey ? " USING COMPRESSION fsst, "
                : column.FewValues ? " USING COMPRESSION dictionary, "
                : ", ");
        }

        sql.Append("_ingested_at TIMESTAMP NOT NULL, _file_id INTEGER NOT NULL, _row_number BIGINT NOT NULL);");
        return ColumnCompression.Apply(sql.ToString());
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static DateTime TruncateToMicroseconds(DateTime value) => new(value.Ticks - (value.Ticks % 10), DateTimeKind.Unspecified);
}
