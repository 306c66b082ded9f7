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
        if (!HasFeatures(connection))
        {
            return null;
        }

        using var result = connection.Query("SELECT max(cutoff) AS cutoff FROM gold.customer_features");
        var column = result["cutoff"];
        return result.RowCount == 0 || column.IsNull(0) ? null : column.GetDate(0);
    }

    /// <summary>Every cutoff with customer features, ascending.</summary>
    public static IReadOnlyList<DateOnly> Cutoffs(DuckDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!HasFeatures(connection))
        {
            return [];
        }

        using var result = connection.Query("SELECT DISTINCT cutoff FROM gold.customer_features ORDER BY cutoff");
        var list = new List<DateOnly>((int)result.RowCount);
        for (var i = 0; i < (int)result.RowCount; i++)
        {
            list.Add(result["cutoff"].GetDate(i));
        }

        return list;
    }

    /// <summary>The customers of <paramref name="segment"/> (or <see cref="AllSegments"/>) at <paramref name="cutoff"/>; the name
    /// matches without regard to case, and an underscore stands for a space (<c>at_risk</c> is "At risk").</summary>
    public static ExperimentPopulation Load(DuckDbConnection connection, DateOnly cutoff, string segment)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(segment);
        var all = string.Equals(segment, AllSegments, StringComparison.OrdinalIgnoreCase);
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            SELECT customer_id, coalesce(rfm_segment, '(none)') AS segment
            FROM gold.customer_features
            WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}' {(all ? "" : "AND lower(replace(rfm_segment, ' ', '_')) = lower(replace($1, ' ', '_'))")}
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

    /// <summary>The message for a segment too small to split, naming the segments there are.</summary>
    public static string TooSmall(DuckDbConnection connection, DateOnly cutoff, string segment, int customers, int needed)
    {
        var sizes = SegmentSizes(connection, cutoff);
        var known = string.Join(", ", sizes.Select(s => $"{s.Segment} ({s.Customers:N0})"));
        return string.Create(CultureInfo.InvariantCulture,
            $"Segment '{segment}' has {customers:N0} customer(s) at {cutoff:yyyy-MM-dd}, fewer than the {needed} an experiment needs. Segments at that cutoff: {(known.Length == 0 ? "none" : known)}, or 'all'.");
    }

    /// <summary>A numeric feature of <paramref name="ids"/> at <paramref name="cutoff"/>, in their order; 0 for a customer
    /// without features there (no purchase before the cutoff).</summary>
    public static double[] Feature(DuckDbConnection connection, DateOnly cutoff, IReadOnlyList<string> ids, string feature)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ids);
        if (Registry.FeatureRegistry.All.All(f => f.Name != feature))
        {
            throw new ArgumentException($"'{feature}' is not a feature of the registry.");
        }

        var index = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            index[ids[i]] = i;
        }

        var values = new double[ids.Count];
        using var result = connection.Query(string.Create(CultureInfo.InvariantCulture,
            $"SELECT customer_id, CAST(\"{feature}\" AS DOUBLE) AS v FROM gold.customer_features WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}'"));
        DuckDbColumn idColumn = result["customer_id"], valueColumn = result["v"];
        for (var r = 0; r < (int)result.RowCount; r++)
        {
            if (index.TryGetValue(idColumn.GetString(r), out var i) && !valueColumn.IsNull(r))
            {
                values[i] = valueColumn.GetDouble(r);
            }
        }

        return values;
    }

    /// <summary>The latest cutoff on or before <paramref name="day"/>, or null.</summary>
    public static DateOnly? CutoffAtOrBefore(DuckDbConnection connection, DateOnly day)
    {
        DateOnly? best = null;
        foreach (var c in Cutoffs(connection))
        {
            if (c <= day)
            {
                best = c;
            }
        }

        return best;
    }

    // Gold's feature table exists once a feature build has run.
    private static bool HasFeatures(DuckDbConnection connection) =>
        connection.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold' AND table_name = 'customer_features'") > 0;
}
