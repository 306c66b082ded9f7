using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Ingest;

public sealed partial class Ingestor
{
    /// <summary>
    /// Loads a whitespace-separated file: DuckDB reads each line as one text field (rejecting what is not UTF-8), SQL
    /// splits it on runs of blanks and casts each field; lines with the wrong field count or a field that does not
    /// parse go to bronze.rejects with their line and column.
    /// </summary>
    private static long LoadWhitespaceFile(DuckDbConnection connection, ISourceAdapter source, SourceInput input, int index, string ingestId, DateTime now, List<RejectedRow> samples, out long rejected)
    {
        var errors = $"patron_rejects_{index}";
        var scans = $"patron_reject_scans_{index}";
        var lines = $"patron_lines_{index}";
        var at = SqlScripts.Timestamp(now);
        connection.Execute($"DROP TABLE IF EXISTS {errors}; DROP TABLE IF EXISTS {scans}; DROP TABLE IF EXISTS {lines};");
        var skip = input.HasHeader ? 1 : 0;
        try
        {
            // Delimiter 0x01 never occurs in such files, so DuckDB hands over each line whole.
            connection.Execute(
                $"CREATE TEMP TABLE {lines} AS SELECT n AS line, raw, string_split_regex(regexp_replace(raw, '^\\s+|\\s+$', '', 'g'), '\\s+') AS f "
                + $"FROM read_csv({SqlScripts.Literal(input.FullPath)}, header = false, auto_detect = false, delim = '\u0001', quote = '', escape = '', "
                + $"columns = {{'raw': 'VARCHAR'}}, store_rejects = true, rejects_table = '{errors}', rejects_scan = '{scans}', compression = 'auto', "
                + $"{CsvBufferOptions}) WITH ORDINALITY AS t(raw, n) WHERE n > {skip} AND raw IS NOT NULL AND regexp_replace(raw, '\\s', '', 'g') <> '';");
        }
        catch (DuckDbException ex)
        {
            throw new InputException(input.DisplayName, null, null, ex.DuckDbMessage);
        }

        var count = input.Layout.Count;
        var values = new string[input.File.Columns.Count];
        var firstBad = new StringBuilder("CASE");
        for (var i = 0; i < count; i++)
        {
            var (header, column) = input.Layout[i];
            if (column is null)
            {
                continue;
            }

            var field = $"f[{i + 1}]";
            var cast = column.Type switch
            {
                ColumnType.Text => field,
                ColumnType.Date => $"CAST(try_strptime({field}, {SqlScripts.Literal(column.Format ?? "%Y-%m-%d")}) AS DATE)",
                ColumnType.Timestamp => $"try_strptime({field}, {SqlScripts.Literal(column.Format ?? "%Y-%m-%d %H:%M:%S")})",
                _ when NumberRules.Applies(column.Type) => $"CASE WHEN ({NumberRules.Reason(column.Type, $"TRY_CAST({field} AS DOUBLE)")}) IS NULL "
                    + $"THEN {NumberRules.Store(column, $"TRY_CAST({field} AS DOUBLE)")} END",
                _ => $"TRY_CAST({field} AS {column.DuckDbType})",
            };
            for (var c = 0; c < values.Length; c++)
            {
                if (ReferenceEquals(input.File.Columns[c], column))
                {
                    values[c] = cast;
                }
            }

            firstBad.Append(" WHEN ").Append(cast).Append(" IS NULL THEN ").Append(SqlScripts.Literal(header));
        }

        firstBad.Append(" END");
        var select = new StringBuilder();
        for (var c = 0; c < values.Length; c++)
        {
            select.Append(values[c] ?? $"CAST(NULL AS {input.File.Columns[c].DuckDbType})").Append(", ");
        }

        var countText = count.ToString(CultureInfo.InvariantCulture);
        var badColumn = $"CASE WHEN len(f) <> {countText} THEN NULL ELSE {firstBad} END";
        var valid = $"(len(f) = {countText} AND {badColumn} IS NULL)";
        var table = input.File.BronzeTable(source.Name);
        var loaded = connection.ExecuteNonQuery(
            string.Create(CultureInfo.InvariantCulture, $"INSERT INTO {table} SELECT {select}{at}, {RegisterFile(connection, input, now)}, line - {skip} FROM {lines} WHERE {valid} ORDER BY line;"));

        // The reason names the failing field's own text: rebuild it per column for the message.
        var fieldOf = new StringBuilder("CASE");
        for (var i = 0; i < count; i++)
        {
            fieldOf.Append(" WHEN ").Append(badColumn).Append(" = ").Append(SqlScripts.Literal(input.Layout[i].Header)).Append(CultureInfo.InvariantCulture, $" THEN f[{i + 1}]");
        }

        fieldOf.Append(" END");
        var reason = $"CASE WHEN len(f) <> {countText} THEN 'expected {countText} whitespace-separated fields, found ' || len(f) "
               + $"ELSE 'the value ''' || {fieldOf} || ''' does not parse as its column''s type' END";
        connection.Execute(
            $"INSERT INTO bronze.rejects SELECT {SqlScripts.Literal(ingestId)}, {SqlScripts.Literal(source.Name)}, {SqlScripts.Literal(input.DisplayName)}, line, "
            + $"{badColumn}, CASE WHEN len(f) <> {countText} THEN 'FIELD_COUNT' ELSE 'CAST_ERROR' END, {reason}, raw, {at} FROM {lines} WHERE NOT {valid};"
            + $"INSERT INTO bronze.rejects SELECT {SqlScripts.Literal(ingestId)}, {SqlScripts.Literal(source.Name)}, {SqlScripts.Literal(input.DisplayName)}, "
            + $"line, NULL, CAST(error_type AS VARCHAR), error_message, csv_line, {at} FROM (SELECT DISTINCT ON (line) * FROM {errors} ORDER BY line, column_idx);");
        var bad = connection.Query(
            $"SELECT line, {badColumn} AS column_name, {reason} AS reason FROM {lines} WHERE NOT {valid} "
            + $"UNION ALL SELECT line, NULL, error_message FROM {errors} ORDER BY line LIMIT {RejectSampleLimit};");
        rejected = connection.Scalar<long>($"SELECT (SELECT count(*) FROM {lines} WHERE NOT {valid}) + (SELECT count(DISTINCT line) FROM {errors});");
        for (var r = 0; r < bad.RowCount && samples.Count < RejectSampleLimit; r++)
        {
            samples.Add(new RejectedRow(input.DisplayName, bad["line"].IsNull(r) ? null : bad["line"].GetInt64(r),
                bad["column_name"].IsNull(r) ? null : bad["column_name"].GetString(r), "CAST_ERROR", bad["reason"].GetString(r)));
        }

        connection.Execute($"DROP TABLE IF EXISTS {errors}; DROP TABLE IF EXISTS {scans}; DROP TABLE IF EXISTS {lines};");
        return loaded;
    }
}
