using System.Globalization;
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

    /// <summary>Appends one file to its bronze table through DuckDB's CSV reader under the declared schema; rows that do not
    /// fit go to bronze.rejects with line, column and DuckDB's reason.</summary>
    private static long LoadFile(DuckDbConnection connection, ISourceAdapter source, SourceInput input, int index, string ingestId, DateTime now, DateOrder dateOrder, List<RejectedRow> samples, out long rejected)
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

            columns.Append('\'').Append(name).Append("': '").Append(column?.DuckDbType ?? "VARCHAR").Append('\'');
            var format = column is null ? null : column.Format ?? (column.FormatCandidates.Count > 0 ? DetectFormat(connection, input, i, dateOrder) : null);
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

            select.Append(position is null ? $"CAST(NULL AS {column.DuckDbType})" : position).Append(", ");
        }

        var options = new StringBuilder();
        options.Append("header = true, auto_detect = false, delim = ").Append(SqlScripts.Literal(input.File.Delimiter.ToString()))
               .Append(", quote = '\"', escape = '\"', columns = {").Append(columns).Append('}')
               .Append(", store_rejects = true, rejects_table = '").Append(errors).Append("', rejects_scan = '").Append(scans).Append('\'')
               .Append(", compression = 'auto', ").Append(CsvBufferOptions);
        if (dateFormat is not null)
        {
            options.Append(", dateformat = ").Append(SqlScripts.Literal(dateFormat));
        }

        if (timestampFormat is not null)
        {
            options.Append(", timestampformat = ").Append(SqlScripts.Literal(timestampFormat));
        }

        var table = input.File.BronzeTable(source.Name);
        var sql = $"INSERT INTO {table} SELECT {select}{SqlScripts.Timestamp(now)}, {SqlScripts.Literal(input.FullPath)}, ordinality "
                + $"FROM read_csv({SqlScripts.Literal(input.FullPath)}, {options}) WITH ORDINALITY;";
        long loaded;
        try
        {
            loaded = connection.ExecuteNonQuery(sql);
        }
        catch (DuckDbException ex)
        {
            throw new InputException(input.DisplayName, null, null, RenameColumns(ex.Message, input));
        }

        var columnCase = new StringBuilder("CASE column_name");
        foreach (var (name, _) in positional)
        {
            var header = input.Layout[int.Parse(name.AsSpan(1), CultureInfo.InvariantCulture)].Header;
            columnCase.Append(" WHEN '").Append(name).Append("' THEN ").Append(SqlScripts.Literal(header));
        }

        columnCase.Append(" ELSE column_name END");
        connection.Execute(
            $"INSERT INTO bronze.rejects SELECT {SqlScripts.Literal(ingestId)}, {SqlScripts.Literal(source.Name)}, {SqlScripts.Literal(input.DisplayName)}, "
            + $"line, {columnCase}, CAST(error_type AS VARCHAR), error_message, csv_line, {SqlScripts.Timestamp(now)} FROM {errors};");
        rejected = connection.Scalar<long>($"SELECT count(DISTINCT line) FROM {errors};");
        if (rejected > 0 && samples.Count < RejectSampleLimit)
        {
            // One sample per rejected line: its first failing column.
            var rows = connection.Query($"SELECT DISTINCT ON (line) line, {columnCase} AS column_name, CAST(error_type AS VARCHAR) AS error_type, error_message "
                + $"FROM {errors} ORDER BY line, column_idx LIMIT {RejectSampleLimit - samples.Count};");
            for (var r = 0; r < rows.RowCount; r++)
            {
                var line = rows["line"].IsNull(r) ? (long?)null : rows["line"].GetInt64(r);
                var column = rows["column_name"].IsNull(r) ? null : rows["column_name"].GetString(r);
                samples.Add(new RejectedRow(input.DisplayName, line, column, rows["error_type"].GetString(r), RenameColumns(rows["error_message"].GetString(r), input)));
            }
        }

        connection.Execute($"DROP TABLE IF EXISTS {errors}; DROP TABLE IF EXISTS {scans};");
        return loaded;
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
