using Patron.DuckDb;
using Patron.Warehouse.Sources;

namespace Patron.Warehouse.Ingest;

/// <summary>Row by row, what an ingest did not keep as it was (so a caller that posted the rows can be told), and
/// which customers its files touched.</summary>
public static class IngestFindings
{
    /// <summary>The findings of the files <paramref name="result"/> loaded from <paramref name="folder"/>, by file and row.</summary>
    public static IReadOnlyList<IngestFinding> Read(DuckDbConnection connection, IngestResult result, string folder)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(result);
        var findings = new List<IngestFinding>();
        using var rejects = connection.Prepare(
            "SELECT line, column_name, reason FROM bronze.rejects WHERE ingest_id = ? AND source = ? AND file_name = ? ORDER BY line");
        using var issues = connection.Prepare(
            "SELECT _row_number, check_name, action, detail FROM silver.quality_issues WHERE source = ? AND _source_file = ? ORDER BY _row_number, check_name");
        foreach (var file in result.Files)
        {
            if (file.Status != IngestedFile.Loaded)
            {
                continue;
            }

            // Rows the reader rejected are not numbered in bronze: the n-th stored row is the n-th row not rejected.
            var rejected = new List<long>();
            rejects.Bind(1, result.IngestId).Bind(2, result.Source).Bind(3, file.FileName);
            using (var r = rejects.Query())
            {
                for (var i = 0; i < r.RowCount; i++)
                {
                    var row = r["line"].IsNull(i) ? 0 : r["line"].GetInt64(i) - 1;
                    rejected.Add(row);
                    findings.Add(new IngestFinding(file.Key, row, r["column_name"].IsNull(i) ? null : r["column_name"].GetString(i),
                        "rejected_rows", "rejected", r["reason"].GetString(i)));
                }
            }

            issues.Bind(1, result.Source).Bind(2, Path.GetFullPath(Path.Combine(folder, file.FileName)));
            using var q = issues.Query();
            for (var i = 0; i < q.RowCount; i++)
            {
                var stored = q["_row_number"].IsNull(i) ? 0 : q["_row_number"].GetInt64(i);
                findings.Add(new IngestFinding(file.Key, DataRow(stored, rejected), null, q["check_name"].GetString(i), q["action"].GetString(i),
                    q["detail"].IsNull(i) ? "" : q["detail"].GetString(i)));
            }
        }

        return findings;
    }

    /// <summary>The customers whose orders, sessions or attributes came from the files at <paramref name="paths"/>
    /// (full paths) of <paramref name="source"/>, as silver now holds them.</summary>
    public static IReadOnlyList<string> TouchedCustomers(DuckDbConnection connection, ISourceAdapter source, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(paths);
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        using var query = connection.Prepare("""
            SELECT customer_id FROM silver.orders WHERE source = $1 AND _source_file = $2 AND customer_id IS NOT NULL
            UNION SELECT customer_id FROM silver.sessions WHERE source = $1 AND _source_file = $2 AND customer_id IS NOT NULL
            UNION SELECT customer_id FROM silver.customers WHERE source = $1 AND _source_file = $2 AND customer_id IS NOT NULL
            """);
        foreach (var path in paths)
        {
            query.Bind(1, source.Name).Bind(2, Path.GetFullPath(path));
            using var rows = query.Query();
            for (var i = 0; i < rows.RowCount; i++)
            {
                ids.Add(rows["customer_id"].GetString(i));
            }
        }

        return [.. ids];
    }

    /// <summary>The latest order or session time silver kept from the files at <paramref name="paths"/>, or null.</summary>
    public static DateTime? LatestTime(DuckDbConnection connection, ISourceAdapter source, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(paths);
        DateTime? latest = null;
        using var query = connection.Prepare("""
            SELECT greatest((SELECT max(ordered_at) FROM silver.orders WHERE source = $1 AND _source_file = $2),
                            (SELECT max(started_at) FROM silver.sessions WHERE source = $1 AND _source_file = $2))
            """);
        foreach (var path in paths)
        {
            query.Bind(1, source.Name).Bind(2, Path.GetFullPath(path));
            var value = query.Scalar<DateTime?>();
            if (value is { } v && (latest is null || v > latest))
            {
                latest = v;
            }
        }

        return latest;
    }

    private static long DataRow(long stored, List<long> rejected)
    {
        var row = stored;
        foreach (var skipped in rejected)
        {
            if (skipped <= row)
            {
                row++;
            }
        }

        return row;
    }
}
