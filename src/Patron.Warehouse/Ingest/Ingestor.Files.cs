using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Patron.DuckDb;
using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Ingest;

public sealed partial class Ingestor
{
    private static List<SourceInput> ResolveInputs(ISourceAdapter source, string inputPath)
    {
        if (!Directory.Exists(inputPath) && !File.Exists(inputPath))
        {
            throw new InputException(inputPath, null, null, "the path does not exist");
        }

        var inputs = new List<SourceInput>();
        if (File.Exists(inputPath))
        {
            // A single file stands for the declared file it matches by name or header; sources needing more reject it.
            var required = source.Files.Where(f => f.Required).ToList();
            if (required.Count > 1)
            {
                throw new InputException(inputPath, null, null,
                    $"the {source.Name} source reads a folder with {string.Join(", ", required.Select(f => f.FileName))}; pass the folder, not one file");
            }

            var single = SourceFiles.MatchSingle(inputPath, source.Files)
                ?? (required.Count == 1 ? required[0] : null)
                ?? throw new InputException(Path.GetFileName(inputPath), 1, null,
                    $"the file is none of the {source.Name} source's files; {SourceDetection.Expectation(source)}");
            inputs.Add(new SourceInput(single, inputPath));
            return inputs;
        }

        var missing = new List<string>();
        foreach (var file in source.Files)
        {
            var path = SourceFiles.Find(inputPath, file);
            if (path is null)
            {
                if (file.Required)
                {
                    missing.Add(file.FileName);
                }

                continue;
            }

            inputs.Add(new SourceInput(file, path));
        }

        if (inputs.Count == 0 && missing.Count == 0)
        {
            throw new InputException(inputPath, null, null, $"the folder has none of the {source.Name} source's files; {SourceDetection.Expectation(source)}");
        }

        if (missing.Count > 0)
        {
            throw new InputException(inputPath, null, null,
                $"the folder has no {string.Join(", ", missing)} (the {source.Name} source needs {string.Join(", ", source.Files.Where(f => f.Required).Select(f => f.FileName))})");
        }

        return inputs;
    }

    /// <summary>
    /// Hashes and counts the input files side by side: each is one sequential read of its own, and one after another
    /// they left a core idle for about a second at 1M lines. The first file in order that must be refused is the one
    /// reported, as when they were read one at a time.
    /// </summary>
    private static void PrepareAll(List<SourceInput> inputs)
    {
        var failures = new Exception?[inputs.Count];
        Parallel.For(0, inputs.Count, i =>
        {
            try
            {
                inputs[i].Prepare();
            }
            catch (Exception ex)
            {
                failures[i] = ex;
            }
        });
        foreach (var failure in failures)
        {
            if (failure is not null)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }
    }

    /// <summary>Appends one file to its bronze table through DuckDB's CSV reader under the declared schema; rows that do not
    /// fit go to bronze.rejects with line, column and DuckDB's reason.</summary>
    private static long LoadFile(DuckDbConnection connection, ISourceAdapter source, SourceInput input, int index, string ingestId, DateTime now, IngestOptions ingest, List<RejectedRow> samples, out long rejected)
    {
        if (input.File.Layout == FileLayout.Whitespace)
        {
            return LoadWhitespaceFile(connection, source, input, index, ingestId, now, samples, out rejected);
        }

        var errors = $"patron_rejects_{index}";
        var scans = $"patron_reject_scans_{index}";
        connection.Execute($"DROP TABLE IF EXISTS {errors}; DROP TABLE IF EXISTS {scans};");

        var columns = new StringBuilder();
        var select = new StringBuilder();
        var positional = new Dictionary<string, SourceColumn?>(StringComparer.Ordinal);
        var numbers = new List<(string Name, string Header, string Reason)>();
        string? dateFormat = null;
        string? timestampFormat = input.File.TimestampFormat;
        for (var i = 0; i < input.Layout.Count; i++)
        {
            var (_, column) = input.Layout[i];
            var name = "c" + i.ToString(CultureInfo.InvariantCulture);
            positional[name] = column;
            if (i > 0)
            {
                columns.Append(", ");
            }

            columns.Append('\'').Append(name).Append("': '").Append(column is null ? "VARCHAR" : NumberRules.ReadType(column)).Append('\'');
            if (column is not null && NumberRules.Applies(column.Type))
            {
                numbers.Add((name, input.Layout[i].Header, NumberRules.Reason(column.Type, name)));
            }

            var format = column is null ? null : column.Format ?? (column.FormatCandidates.Count > 0 ? DetectFormat(connection, input, i, ingest.DateOrder) : null);
            if (column?.Type == ColumnType.Date)
            {
                dateFormat ??= format;
            }
            else if (column?.Type == ColumnType.Timestamp)
            {
                timestampFormat ??= format;
            }
        }

        foreach (var column in input.File.Columns)
        {
            string? position = null;
            foreach (var (name, declared) in positional)
            {
                if (ReferenceEquals(declared, column))
                {
                    position = name;
                    break;
                }
            }

            select.Append(position is null ? $"CAST(NULL AS {column.DuckDbType})" : NumberRules.Store(column, position)).Append(", ");
        }

        var options = new StringBuilder();
        options.Append("header = true, auto_detect = false, delim = ").Append(SqlScripts.Literal(input.File.Delimiter.ToString()))
               .Append(", quote = '\"', escape = '\"', columns = {").Append(columns).Append('}')
               .Append(", compression = 'auto', ").Append(CsvBufferOptions);
        if (dateFormat is not null)
        {
            options.Append(", dateformat = ").Append(SqlScripts.Literal(dateFormat));
        }

        if (timestampFormat is not null)
        {
            options.Append(", timestampformat = ").Append(SqlScripts.Literal(timestampFormat));
        }

        // Every number is checked on the way in; in a file without a bad number this filter is the only cost, so it
        // tests the plain comparisons that accept a value (NumberRules.Accepts), not the reasons' text.
        var valid = new StringBuilder();
        for (var i = 0; i < input.Layout.Count; i++)
        {
            if (input.Layout[i].Column is { } column && NumberRules.Applies(column.Type))
            {
                valid.Append(valid.Length == 0 ? " WHERE " : " AND ").Append(NumberRules.Accepts(column.Type, "c" + i.ToString(CultureInfo.InvariantCulture)));
            }
        }

        var table = input.File.BronzeTable(source.Name);
        var lineage = string.Create(CultureInfo.InvariantCulture, $"{SqlScripts.Timestamp(now)}, {RegisterFile(connection, input, now)}");
        var sql = $"INSERT INTO {table} SELECT {select}{lineage}, ordinality "
                + $"FROM {ReadCsv(input, options, errors, scans)} WITH ORDINALITY{valid};";
        long loaded;
        try
        {
            var parallel = ingest.ParallelReads
                ? LoadInParallel(connection, ReadCsv(input, options, errors, scans), index, errors, scans,
                    (rows, first) => string.Create(CultureInfo.InvariantCulture, $"INSERT INTO {table} SELECT {select}{lineage}, rowid - ({first - 1}) FROM {rows}{valid};"))
                : null;
            loaded = parallel ?? OnOneThread(connection, () => connection.ExecuteNonQuery(sql));
        }
        catch (DuckDbException ex)
        {
            throw new InputException(input.DisplayName, null, null, RenameColumns(ex.DuckDbMessage, input));
        }

        var columnCase = new StringBuilder("CASE column_name");
        foreach (var (name, _) in positional)
        {
            var header = input.Layout[int.Parse(name.AsSpan(1), CultureInfo.InvariantCulture)].Header;
            columnCase.Append(" WHEN '").Append(name).Append("' THEN ").Append(SqlScripts.Literal(header));
        }

        columnCase.Append(" ELSE column_name END");
        // DuckDB reports a line once per failing column (once per extra field, too): one reject per line, its first failure.
        var rejects = $"patron_reject_lines_{index}";
        connection.Execute(
            $"CREATE OR REPLACE TEMP TABLE {rejects} AS SELECT DISTINCT ON (line) line, {columnCase} AS column_name, CAST(error_type AS VARCHAR) AS error_type, "
            + $"error_message, csv_line FROM {errors} ORDER BY line, column_idx;");
        var badNumbers = numbers.Count > 0 && loaded + connection.Scalar<long>($"SELECT count(*) FROM {rejects};") < input.DataRecords;
        if (badNumbers)
        {
            RejectBadNumbers(connection, input, index, options.ToString(), numbers, rejects);
        }

        connection.Execute(
            $"INSERT INTO bronze.rejects SELECT {SqlScripts.Literal(ingestId)}, {SqlScripts.Literal(source.Name)}, {SqlScripts.Literal(input.DisplayName)}, "
            + $"line, column_name, error_type, error_message, csv_line, {SqlScripts.Timestamp(now)} FROM {rejects} ORDER BY line;");
        rejected = connection.Scalar<long>($"SELECT count(*) FROM {rejects};");
        if (rejected > 0 && samples.Count < RejectSampleLimit)
        {
            var rows = connection.Query($"SELECT line, column_name, error_type, error_message FROM {rejects} ORDER BY line LIMIT {RejectSampleLimit - samples.Count};");
            for (var r = 0; r < rows.RowCount; r++)
            {
                var line = rows["line"].IsNull(r) ? (long?)null : rows["line"].GetInt64(r);
                var column = rows["column_name"].IsNull(r) ? null : rows["column_name"].GetString(r);
                samples.Add(new RejectedRow(input.DisplayName, line, column, rows["error_type"].GetString(r), RenameColumns(rows["error_message"].GetString(r), input)));
            }
        }

        connection.Execute($"DROP TABLE IF EXISTS {errors}; DROP TABLE IF EXISTS {scans}; DROP TABLE IF EXISTS {rejects};");
        return loaded;
    }

    /// <summary>
    /// The numbered load on every thread DuckDB has, for every CSV file whatever its size. A small file (customers.csv of
    /// the 1M-line shop, 10 MB) costs no more this way than read the numbered way on one thread, and the numbered way's
    /// switch of DuckDB's threads (<see cref="OnOneThread"/>) relaunches DuckDB's workers and hands its allocator's pages
    /// back, which the next statements fault in again (docs/pipeline.md). The reader's rows are copied whole into a temp table in file order
    /// (<c>preserve_insertion_order</c> for that statement only), whose row ids then run densely in that order from a
    /// first one (inside a transaction they start far above 0): a row's id minus the first id, plus 1, is the number
    /// WITH ORDINALITY gives it. Then <paramref name="insert"/> (given that table's name and its first row id) writes
    /// them into bronze with the warehouse's own setting: DuckDB appends the rows in any order, each thread writing its
    /// own row groups, where an insert that keeps the order inside a transaction is written again at the checkpoint.
    /// The numbered read is a streaming window on one thread, and it wrote bronze on that thread too: at 1M lines the
    /// sessions file took 4–5 s on one core of two. Returns the rows inserted, or null when the parallel read cannot
    /// stand for the numbered one (DuckDB has one thread, the reader rejected a line, or the ids are not dense): the
    /// caller then reads the file the numbered way, whose rejects are the reference (line, column and reason).
    /// </summary>
    /// <remarks>The temp table holds the file's rows uncompressed for the length of the load (DuckDB spills it to its
    /// temp folder under the memory limit); it is dropped at once.</remarks>
    internal static long? LoadInParallel(DuckDbConnection connection, string read, int index, string errors, string scans, Func<string, long, string> insert)
    {
        if (connection.Scalar<long>("SELECT CAST(current_setting('threads') AS BIGINT);") <= 1)
        {
            return null;
        }

        var rows = $"patron_read_{index}";
        var preserved = connection.Scalar<bool>("SELECT CAST(current_setting('preserve_insertion_order') AS BOOLEAN);");
        connection.Execute("SET preserve_insertion_order = true;");
        var done = false;
        try
        {
            connection.Execute($"CREATE OR REPLACE TEMP TABLE {rows} AS SELECT * FROM {read};");
            done = true;
        }
        finally
        {
            try
            {
                connection.Execute($"SET preserve_insertion_order = {(preserved ? "true" : "false")};");
            }
            catch (DuckDbException) when (!done)
            {
                // The failed read's own error is the one to report; the connection is closed with the failed ingest.
            }
        }

        long? loaded = null;
        var ids = connection.Query($"SELECT min(rowid) AS first, count(*) AS n, max(rowid) - min(rowid) + 1 AS span FROM {rows};");
        var count = ids["n"].GetInt64(0);
        if (connection.Scalar<long>($"SELECT count(*) FROM {errors};") > 0 || (count > 0 && ids["span"].GetInt64(0) != count))
        {
            connection.Execute($"DROP TABLE IF EXISTS {errors}; DROP TABLE IF EXISTS {scans};");
        }
        else
        {
            loaded = connection.ExecuteNonQuery(insert(rows, count > 0 ? ids["first"].GetInt64(0) : 0));
        }

        connection.Execute($"DROP TABLE {rows};");
        return loaded;
    }

    /// <summary>
    /// Runs <paramref name="work"/> with DuckDB on one worker thread, then gives the database its threads back. A read
    /// numbered WITH ORDINALITY is a streaming window, which DuckDB runs on one thread whatever the setting: the other
    /// workers only wait for it, and that waiting cost about 2 s of CPU per million transactions (5.0 s against 3.0 s
    /// for the same load of the 1M-line shop's transactions.csv, docs/pipeline.md) without shortening the wall time.
    /// Only the numbered reads use it: a file the parallel load cannot stand for (a reader reject), an ingest without
    /// parallel reads, and the second read of bad numbers. Each switch costs a relaunch of DuckDB's workers and the
    /// pages its allocator hands back (about 15,000 page faults in the statement after it at 1M lines).
    /// </summary>
    private static T OnOneThread<T>(DuckDbConnection connection, Func<T> work)
    {
        var threads = connection.Scalar<long>("SELECT CAST(current_setting('threads') AS BIGINT);");
        if (threads <= 1)
        {
            return work();
        }

        connection.Execute("SET threads = 1;");
        var done = false;
        try
        {
            var result = work();
            done = true;
            return result;
        }
        finally
        {
            try
            {
                connection.Execute(string.Create(CultureInfo.InvariantCulture, $"SET threads = {threads};"));
            }
            catch (DuckDbException) when (!done)
            {
                // The failed load's own error is the one to report; the connection is closed with the failed ingest.
            }
        }
    }

    private static string ReadCsv(SourceInput input, StringBuilder options, string errors, string scans)
        => $"read_csv({SqlScripts.Literal(input.FullPath)}, {options}, store_rejects = true, rejects_table = '{errors}', rejects_scan = '{scans}')";

    /// <summary>
    /// Reads the file again (only when some rows failed a number rule) to find those rows and add them to the line's
    /// rejects. The reader numbers the rows it returns (ordinality) without the lines it rejected itself; counting the
    /// data lines (2 to records + 1, as DuckDB numbers them) minus those rejected gives each row its line back.
    /// </summary>
    private static void RejectBadNumbers(DuckDbConnection connection, SourceInput input, int index, string options,
        List<(string Name, string Header, string Reason)> numbers, string rejects)
    {
        var errors = $"patron_rejects_again_{index}";
        var scans = $"patron_reject_scans_again_{index}";
        var reason = new StringBuilder("coalesce(");
        var column = new StringBuilder("CASE");
        for (var i = 0; i < numbers.Count; i++)
        {
            reason.Append(i == 0 ? "" : ", ").Append(numbers[i].Reason);
            column.Append(" WHEN (").Append(numbers[i].Reason).Append(") IS NOT NULL THEN ").Append(SqlScripts.Literal(numbers[i].Header));
        }

        reason.Append(')');
        column.Append(" END");
        var bad = $"patron_bad_numbers_{index}";
        var last = (input.DataRecords + 1).ToString(CultureInfo.InvariantCulture);

        // Every column is read, as by the load: a column left out would not be cast, so a line the load's reader rejected
        // for it would come back here, numbered, and move every later bad number's line by one.
        var everyColumn = new StringBuilder();
        for (var i = 0; i < input.Layout.Count; i++)
        {
            everyColumn.Append(i == 0 ? "" : ", ").Append('c').Append(i.ToString(CultureInfo.InvariantCulture));
        }

        OnOneThread(connection, () => connection.ExecuteNonQuery(
            $"DROP TABLE IF EXISTS {errors}; DROP TABLE IF EXISTS {scans};"
            + $"CREATE OR REPLACE TEMP TABLE {bad} AS SELECT ordinality AS n, {column} AS column_name, {reason} AS reason "
            + $"FROM read_csv({SqlScripts.Literal(input.FullPath)}, {options}, store_rejects = true, rejects_table = '{errors}', rejects_scan = '{scans}') "
            + $"WITH ORDINALITY WHERE {reason} IS NOT NULL AND hash({everyColumn}) IS NOT NULL;"
            + $"INSERT INTO {rejects} SELECT m.line, b.column_name, 'NUMBER', b.reason, NULL FROM {bad} b "
            + $"JOIN (SELECT l AS line, row_number() OVER (ORDER BY l) AS n FROM range(2, {last} + 1) r(l) "
            + $"      WHERE l NOT IN (SELECT line FROM {rejects} WHERE line IS NOT NULL)) m ON m.n = b.n;"
            + $"DROP TABLE IF EXISTS {errors}; DROP TABLE IF EXISTS {scans}; DROP TABLE {bad};"));
    }

    /// <summary>DuckDB's messages name our positional columns (c0, c1, ...); put the file's header names back.</summary>
    private static string RenameColumns(string message, SourceInput input)
    {
        for (var i = input.Layout.Count - 1; i >= 0; i--)
        {
            var name = "\"c" + i.ToString(CultureInfo.InvariantCulture) + "\"";
            message = message.Replace(name, "\"" + input.Layout[i].Header + "\"", StringComparison.Ordinal);
        }

        return message;
    }
}
