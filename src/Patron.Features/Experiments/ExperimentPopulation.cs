using System.Globalization;
using Patron.DuckDb;

namespace Patron.Features.Experiments;

/// <summary>The customers an experiment can draw from: gold's customers at a cutoff with their RFM segment.</summary>
/// <param name="Cutoff">The feature cutoff the segments are as of.</param>
/// <param name="Ids">Customer ids in ascending ordinal order.</param>
/// <param name="Segments">Each customer's segment (<c>rfm_segment</c>), or "(none)".</param>
public sealed record ExperimentPopulation(DateOnly Cutoff, string[] Ids, string[] Segments)
{
    /// <summary>The segment name that selects every customer.</summary>
    public const string AllSegments = "all";

    /// <summary>The latest cutoff with customer features, or null when gold has none.</summary>
    public static DateOnly? LatestCutoff(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var result = connection.Query("SELECT max(cutoff) AS cutoff FROM gold.customer_features");
        var column = result["cutoff"];
        return result.RowCount == 0 || column.IsNull(0) ? null : column.GetDate(0);
    }

    /// <summary>The customers of <paramref name="segment"/> (or <see cref="AllSegments"/>) at <paramref name="cutoff"/>.</summary>
    public static ExperimentPopulation Load(DuckDbConnection connection, DateOnly cutoff, string segment)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(segment);
        var all = string.Equals(segment, AllSegments, StringComparison.OrdinalIgnoreCase);
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            SELECT customer_id, coalesce(rfm_segment, '(none)') AS segment
            FROM gold.customer_features
            WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}' {(all ? "" : "AND rfm_segment = $1")}
            ORDER BY customer_id
            """);
        using var result = all ? connection.Query(sql) : connection.Query(sql, segment);
        var n = checked((int)result.RowCount);
        var ids = new string[n];
        var segments = new string[n];
        DuckDbColumn idColumn = result["customer_id"], segmentColumn = result["segment"];
        for (var i = 0; i < n; i++)
        {
            ids[i] = idColumn.GetString(i);
            segments[i] = segmentColumn.GetString(i);
        }

        return new ExperimentPopulation(cutoff, ids, segments);
    }

    /// <summary>The segment names at <paramref name="cutoff"/> with their sizes, largest first.</summary>
    public static IReadOnlyList<(string Segment, long Customers)> SegmentSizes(DuckDbConnection connection, DateOnly cutoff)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var result = connection.Query(string.Create(CultureInfo.InvariantCulture, $"""
            SELECT coalesce(rfm_segment, '(none)') AS segment, count(*) AS customers
            FROM gold.customer_features WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}'
            GROUP BY 1 ORDER BY 2 DESC, 1
            """));
        var list = new List<(string, long)>();
        for (var i = 0; i < (int)result.RowCount; i++)
        {
            list.Add((result["segment"].GetString(i), result["customers"].GetInt64(i)));
        }

        return list;
    }
}
