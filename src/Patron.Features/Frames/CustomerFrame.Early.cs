using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Early;
using Patron.Features.Registry;

namespace Patron.Features.Frames;

public sealed partial class CustomerFrame
{
    /// <summary>Label names of a frame read by <see cref="LoadEarly"/>: the top-5 % label (the task's), the top-25 %
    /// variant and the future spend.</summary>
    public static IReadOnlyList<string> EarlyLabelNames { get; } = ["early_top5", "early_top25", "future_spend"];

    /// <summary>Reads the early-high-value cohort of <paramref name="cutoff"/> (<c>gold.early_features</c>, customers
    /// whose first purchase lies in the 30 days before it) with its labels over <paramref name="horizonDays"/>
    /// (<c>gold.early_labels</c>; all zero when not built), in customer-id order. An empty frame when the table or the
    /// cutoff is missing.</summary>
    public static CustomerFrame LoadEarly(DuckDbConnection connection, DateOnly cutoff, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizonDays);
        var numeric = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var categorical = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        var labels = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (EarlyFeatureBuilder.CountAt(connection, cutoff) == 0)
        {
            foreach (var feature in EarlyFeatureRegistry.All)
            {
                if (feature.Type == FeatureType.Category)
                {
                    categorical[feature.Name] = [];
                }
                else
                {
                    numeric[feature.Name] = [];
                }
            }

            foreach (var name in EarlyLabelNames)
            {
                labels[name] = [];
            }

            return new CustomerFrame(cutoff, horizonDays, [], numeric, categorical, labels);
        }

        var labelsExist = connection.Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold' AND table_name = '{EarlyTables.Labels}'") > 0;
        var join = labelsExist
            ? string.Create(CultureInfo.InvariantCulture, $"LEFT JOIN gold.{EarlyTables.Labels} l ON l.customer_id = f.customer_id AND l.cutoff = f.cutoff AND l.horizon_days = {horizonDays}")
            : "LEFT JOIN (SELECT NULL::VARCHAR AS customer_id, NULL::BOOLEAN AS top5, NULL::BOOLEAN AS top25, NULL::DOUBLE AS future_spend) l ON false";
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            SELECT f.*,
                   CAST(coalesce(l.top5, false) AS DOUBLE) AS label_early_top5,
                   CAST(coalesce(l.top25, false) AS DOUBLE) AS label_early_top25,
                   greatest(coalesce(l.future_spend, 0.0), 0.0) AS label_future_spend
            FROM gold.{EarlyTables.Features} f
            {join}
            WHERE f.cutoff = DATE '{cutoff:yyyy-MM-dd}'
            ORDER BY f.customer_id
            """);
        using var result = connection.Query(sql);
        var idColumn = result["customer_id"].ToStringArray();
        var ids = new string[idColumn.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = idColumn[i] ?? throw new InvalidOperationException($"gold.{EarlyTables.Features} of {cutoff:yyyy-MM-dd} holds a NULL customer_id at row {i + 1}.");
        }

        foreach (var feature in EarlyFeatureRegistry.All)
        {
            if (!result.HasColumn(feature.Name))
            {
                continue;
            }

            if (feature.Type == FeatureType.Category)
            {
                categorical[feature.Name] = result[feature.Name].ToStringArray();
            }
            else
            {
                numeric[feature.Name] = result[feature.Name].ToDoubleArray();
            }
        }

        foreach (var name in EarlyLabelNames)
        {
            labels[name] = result["label_" + name].ToDoubleArray();
        }

        return new CustomerFrame(cutoff, horizonDays, ids, numeric, categorical, labels);
    }
}
