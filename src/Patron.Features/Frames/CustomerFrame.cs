using System.Globalization;
using Patron.DuckDb;
using Patron.Features.Registry;

namespace Patron.Features.Frames;

/// <summary>
/// The customers of one cutoff as column arrays: the feature columns of <c>gold.customer_features</c> and, for one
/// horizon, the labels of <c>gold.customer_labels</c>, all in customer-id order. This is how a model (training, batch
/// scoring, serving) reads the feature store.
/// </summary>
/// <remarks>
/// Numeric and boolean features are doubles with NaN for NULL; categorical features are strings with null for NULL.
/// Columns follow the registry order; a registry feature the table lacks is simply absent. Binary labels are 0/1;
/// a customer without a label row (or a cutoff whose labels were not built) gets 0. Immutable once loaded.
/// </remarks>
public sealed partial class CustomerFrame
{
    /// <summary>Features left out of the models: a code that repeats the three scores it is made of.</summary>
    private static readonly HashSet<string> Excluded = new(StringComparer.Ordinal) { "rfm_cell" };

    private readonly Dictionary<string, double[]> _numeric;
    private readonly Dictionary<string, string?[]> _categorical;

    private CustomerFrame(DateOnly cutoff, int horizonDays, string[] ids, Dictionary<string, double[]> numeric, Dictionary<string, string?[]> categorical, Dictionary<string, double[]> labels)
    {
        Cutoff = cutoff;
        HorizonDays = horizonDays;
        Ids = ids;
        _numeric = numeric;
        _categorical = categorical;
        Labels = labels;
    }

    /// <summary>Names of the label arrays in <see cref="Labels"/>.</summary>
    public static IReadOnlyList<string> LabelNames { get; } = ["churn", "repeat", "high_value", "future_spend"];

    /// <summary>The cutoff the features were computed at (history strictly before 00:00 of this day).</summary>
    public DateOnly Cutoff { get; }

    /// <summary>The label horizon in days.</summary>
    public int HorizonDays { get; }

    /// <summary>Customer ids in ascending ordinal order; row i of every column belongs to <c>Ids[i]</c>.</summary>
    public string[] Ids { get; }

    /// <summary>Number of customers.</summary>
    public int Count => Ids.Length;

    /// <summary>churn, repeat, high_value (0/1) and future_spend, by name. Future spend is floored at zero: a customer
    /// whose returns exceed their purchases in the horizon is worth nothing, and Tweedie needs non-negative targets.</summary>
    public IReadOnlyDictionary<string, double[]> Labels { get; }

    /// <summary>Numeric model inputs in registry order.</summary>
    public IEnumerable<KeyValuePair<string, double[]>> NumericColumns => _numeric;

    /// <summary>Categorical model inputs in registry order.</summary>
    public IEnumerable<KeyValuePair<string, string?[]>> CategoricalColumns => _categorical;

    /// <summary>The rfm_segment column (all null when the table has none).</summary>
    public string?[] Segments => _categorical.TryGetValue("rfm_segment", out var s) ? s : new string?[Count];

    /// <summary>A numeric column by feature name.</summary>
    /// <exception cref="KeyNotFoundException">The feature table has no such numeric column.</exception>
    public double[] Numeric(string name) => _numeric.TryGetValue(name, out var column)
        ? column
        : throw new KeyNotFoundException($"The feature table of {Cutoff:yyyy-MM-dd} has no numeric column '{name}'.");

    /// <summary>A categorical column by feature name.</summary>
    /// <exception cref="KeyNotFoundException">The feature table has no such categorical column.</exception>
    public string?[] Categorical(string name) => _categorical.TryGetValue(name, out var column)
        ? column
        : throw new KeyNotFoundException($"The feature table of {Cutoff:yyyy-MM-dd} has no categorical column '{name}'.");

    /// <summary>This frame without its labels (<see cref="Labels"/> empty): for the scoring cutoff, whose labels lie in a
    /// future nothing has seen and which nothing reads, so a column of every customer per label need not stay alive.</summary>
    public CustomerFrame WithoutLabels() =>
        new(Cutoff, HorizonDays, Ids, _numeric, _categorical, new Dictionary<string, double[]>(StringComparer.Ordinal));

    /// <summary>The same customers, labels and categorical columns with only the named numeric columns (those present),
    /// so a caller that has moved the inputs into a model matrix can let the rest go.</summary>
    public CustomerFrame Narrow(IEnumerable<string> numeric)
    {
        ArgumentNullException.ThrowIfNull(numeric);
        var kept = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var name in numeric)
        {
            if (_numeric.TryGetValue(name, out var column))
            {
                kept[name] = column;
            }
        }

        return new CustomerFrame(Cutoff, HorizonDays, Ids, kept, _categorical, new Dictionary<string, double[]>(Labels, StringComparer.Ordinal));
    }

    /// <summary>How many customers <c>gold.customer_features</c> holds at <paramref name="cutoff"/>, without reading them.</summary>
    public static long CountAt(DuckDbConnection connection, DateOnly cutoff)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Scalar<long>(string.Create(CultureInfo.InvariantCulture,
            $"SELECT count(*) FROM gold.customer_features WHERE cutoff = DATE '{cutoff:yyyy-MM-dd}'"));
    }

    /// <summary>The end of a cutoff's select, after its feature columns: the four label columns over
    /// <paramref name="horizonDays"/> (false and 0 where no label of that horizon was built) and the cutoff's rows, in
    /// customer order unless <paramref name="ordered"/> is false (for a reader that places each row by its id). Both
    /// loaders read through it, so the streamed matrices and the frame see the same rows.</summary>
    private static string LabelsAndRows(DateOnly cutoff, int horizonDays, bool ordered = true)
    {
        var date = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"""
            ,
                   CAST(coalesce(l.churn, false) AS DOUBLE) AS label_churn,
                   CAST(coalesce(l."repeat", false) AS DOUBLE) AS label_repeat,
                   CAST(coalesce(l.high_value, false) AS DOUBLE) AS label_high_value,
                   greatest(coalesce(l.future_spend, 0.0), 0.0) AS label_future_spend
            FROM gold.customer_features f
            LEFT JOIN gold.customer_labels l
              ON l.customer_id = f.customer_id AND l.cutoff = f.cutoff AND l.horizon_days = {horizonDays}
            WHERE f.cutoff = DATE '{date}'
            {(ordered ? "ORDER BY f.customer_id" : "")}
            """);
    }

    /// <summary>Reads the features of <paramref name="cutoff"/> with the labels over <paramref name="horizonDays"/>
    /// (all zero when no labels of that horizon were built). A cutoff without features gives an empty frame.</summary>
    /// <param name="connection">A connection to a warehouse whose gold tables were built.</param>
    /// <param name="cutoff">The feature cutoff.</param>
    /// <param name="horizonDays">The label horizon in days.</param>
    public static CustomerFrame Load(DuckDbConnection connection, DateOnly cutoff, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizonDays);
        var date = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sql = "SELECT f.*" + LabelsAndRows(cutoff, horizonDays);
        using var result = connection.Query(sql);
        var idColumn = result["customer_id"].ToStringArray();
        var ids = new string[idColumn.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = idColumn[i] ?? throw new InvalidOperationException($"gold.customer_features of {date} holds a NULL customer_id at row {i + 1}.");
        }

        var numeric = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var categorical = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var feature in FeatureRegistry.All)
        {
            if (Excluded.Contains(feature.Name) || !result.HasColumn(feature.Name))
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

        var labels = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var name in LabelNames)
        {
            labels[name] = result["label_" + name].ToDoubleArray();
        }

        return new CustomerFrame(cutoff, horizonDays, ids, numeric, categorical, labels);
    }
}
