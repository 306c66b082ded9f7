using System.Globalization;
using Patron.DuckDb;

namespace Patron.Warehouse.Quality;

/// <summary>Reads the quality summary that the last ingest of each source wrote, with a few example rows per finding.</summary>
public static class QualityReporter
{
    private const int ExamplesPerFinding = 3;

    public static QualityReport Read(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var examples = ReadExamples(connection);
        var summary = connection.Query(
            "SELECT source, check_name, entity, affected_rows, checked_rows, action, checked_at FROM silver.quality_summary ORDER BY source, check_name, entity, action;");
        var findings = new List<QualityFinding>(summary.RowCount > int.MaxValue ? int.MaxValue : (int)summary.RowCount);
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        var checkedAt = DateTime.MinValue;
        for (var r = 0; r < summary.RowCount; r++)
        {
            var source = summary["source"].GetString(r);
            var check = summary["check_name"].GetString(r);
            var entity = summary["entity"].GetString(r);
            var action = summary["action"].GetString(r);
            sources.Add(source);
            var at = summary["checked_at"].GetTimestamp(r);
            if (at > checkedAt)
            {
                checkedAt = at;
            }

            examples.TryGetValue((source, check, entity, action), out var list);
            findings.Add(new QualityFinding(source, check, entity, summary["affected_rows"].GetInt64(r), summary["checked_rows"].GetInt64(r), action,
                (IReadOnlyList<string>?)list ?? []));
        }

        var catalog = QualityCatalog.For(sources);
        findings.Sort((a, b) =>
        {
            var byCheck = Order(catalog, a.Check).CompareTo(Order(catalog, b.Check));
            return byCheck != 0 ? byCheck : string.CompareOrdinal(a.Source + a.Entity, b.Source + b.Entity);
        });
        return new QualityReport(checkedAt, [.. sources], findings, catalog);
    }

    private static int Order(IReadOnlyList<QualityCheck> checks, string check)
    {
        for (var i = 0; i < checks.Count; i++)
        {
            if (checks[i].Name == check)
            {
                return i;
            }
        }

        return checks.Count;
    }

    private static Dictionary<(string, string, string, string), List<string>> ReadExamples(DuckDbConnection connection)
    {
        var map = new Dictionary<(string, string, string, string), List<string>>();
        var issues = connection.Query($"""
            SELECT source, check_name, entity, action, detail, _source_file, _row_number FROM (
                SELECT *, row_number() OVER (PARTITION BY source, check_name, entity, action ORDER BY _source_file, _row_number) AS k
                FROM silver.quality_issues) WHERE k <= {ExamplesPerFinding}
            ORDER BY source, check_name, entity, action, k;
            """);
        for (var r = 0; r < issues.RowCount; r++)
        {
            var key = (issues["source"].GetString(r), issues["check_name"].GetString(r), issues["entity"].GetString(r), issues["action"].GetString(r));
            var where = issues["_source_file"].IsNull(r)
                ? ""
                : string.Create(CultureInfo.InvariantCulture, $" ({Path.GetFileName(issues["_source_file"].GetString(r))} row {issues["_row_number"].GetInt64(r)})");
            Add(map, key, (issues["detail"].IsNull(r) ? "" : issues["detail"].GetString(r)) + where);
        }

        var rejects = connection.Query($"""
            SELECT source, file_name, line, column_name, reason FROM (
                SELECT *, row_number() OVER (PARTITION BY source, file_name ORDER BY line) AS k FROM bronze.rejects) WHERE k <= {ExamplesPerFinding}
            ORDER BY source, file_name, k;
            """);
        for (var r = 0; r < rejects.RowCount; r++)
        {
            var key = (rejects["source"].GetString(r), "rejected_rows", rejects["file_name"].GetString(r), "sent to bronze.rejects");
            var line = rejects["line"].IsNull(r) ? "?" : rejects["line"].GetInt64(r).ToString(CultureInfo.InvariantCulture);
            var column = rejects["column_name"].IsNull(r) ? "" : $", column '{rejects["column_name"].GetString(r)}'";
            Add(map, key, $"line {line}{column}: {rejects["reason"].GetString(r)}");
        }

        return map;
    }

    private static void Add(Dictionary<(string, string, string, string), List<string>> map, (string, string, string, string) key, string text)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(text);
    }
}
