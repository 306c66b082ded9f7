using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Ingest;

public sealed partial class Ingestor
{
    /// <summary>
    /// Picks the format of a date column with several accepted formats by reading the column as text once and counting,
    /// per candidate, the non-empty values it fails on. The one format that reads every value wins; month-first and
    /// day-first both reading everything is ambiguous and an error unless <paramref name="dateOrder"/> settles it.
    /// </summary>
    private static string DetectFormat(DuckDbConnection connection, SourceInput input, int position, DateOrder dateOrder)
    {
        var (header, column) = input.Layout[position];
        var candidates = new List<DateFormatCandidate>();
        foreach (var candidate in column!.FormatCandidates)
        {
            if (dateOrder == DateOrder.Auto || candidate.Order == DateOrder.Auto || candidate.Order == dateOrder)
            {
                candidates.Add(candidate);
            }
        }

        if (candidates.Count == 0)
        {
            throw new InputException(input.DisplayName, null, header, $"no accepted format of this column reads dates in {dateOrder} order");
        }

        var columns = new StringBuilder();
        for (var i = 0; i < input.Layout.Count; i++)
        {
            columns.Append(i == 0 ? "" : ", ").Append("'c").Append(i.ToString(CultureInfo.InvariantCulture)).Append("': 'VARCHAR'");
        }

        var sql = new StringBuilder("SELECT count(v) FILTER (WHERE v <> '') AS n, min(v) AS first_value, max(v) AS last_value");
        for (var k = 0; k < candidates.Count; k++)
        {
            sql.Append(CultureInfo.InvariantCulture, $", count(*) FILTER (WHERE v <> '' AND try_strptime(v, {SqlScripts.Literal(candidates[k].Format)}) IS NULL) AS f{k}");
        }

        sql.Append(CultureInfo.InvariantCulture, $" FROM (SELECT trim(c{position}) AS v FROM read_csv({SqlScripts.Literal(input.FullPath)}, header = true, auto_detect = false, ")
           .Append("delim = ").Append(SqlScripts.Literal(input.File.Delimiter.ToString())).Append(", quote = '\"', escape = '\"', columns = {").Append(columns)
           .Append("}, ignore_errors = true, compression = 'auto', ").Append(CsvBufferOptions).Append("));");
        DuckDbResult result;
        try
        {
            result = connection.Query(sql.ToString());
        }
        catch (DuckDbException ex)
        {
            throw new InputException(input.DisplayName, null, header, RenameColumns(ex.DuckDbMessage, input));
        }

        var values = result["n"].GetInt64(0);
        if (values == 0)
        {
            return candidates[0].Format;
        }

        var best = 0;
        var readsAll = new List<DateFormatCandidate>();
        for (var k = 0; k < candidates.Count; k++)
        {
            var failures = result["f" + k.ToString(CultureInfo.InvariantCulture)].GetInt64(0);
            if (failures == 0)
            {
                readsAll.Add(candidates[k]);
            }

            if (failures < result["f" + best.ToString(CultureInfo.InvariantCulture)].GetInt64(0))
            {
                best = k;
            }
        }

        var monthFirst = readsAll.Exists(c => c.Order == DateOrder.MonthFirst);
        var dayFirst = readsAll.Exists(c => c.Order == DateOrder.DayFirst);
        if (monthFirst && dayFirst)
        {
            throw new InputException(input.DisplayName, null, header,
                $"the dates read both month-first and day-first (e.g. '{result["first_value"].GetString(0)}' and '{result["last_value"].GetString(0)}'); "
                + "state the order with --date-order mdy or dmy");
        }

        // With no format reading everything, the closest one is used and the values it cannot read become rejects.
        return readsAll.Count > 0 ? readsAll[0].Format : candidates[best].Format;
    }
}
