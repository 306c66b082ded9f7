using System.Text.Json;
using System.Text.Json.Serialization;

namespace Patron.Learning.Evaluation;

/// <summary>An immutable set of evaluation metrics; absent metrics are <c>null</c>. Serializes to JSON with snake_case keys
/// (<c>roc_auc</c>, <c>pr_auc</c>, <c>log_loss</c>, …), which are also the names <see cref="Get"/> and tuning accept.</summary>
public sealed record MetricSet
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    /// <summary>The metric keys, in the order they are printed.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "roc_auc", "pr_auc", "log_loss", "brier", "precision", "recall", "f1", "top_decile_lift",
        "rmse", "mae", "r2", "spearman", "normalized_gini", "decile_mape",
    ];

    public int Rows { get; init; }

    public double? Threshold { get; init; }

    public double? RocAuc { get; init; }

    public double? PrAuc { get; init; }

    public double? LogLoss { get; init; }

    public double? Brier { get; init; }

    public double? Precision { get; init; }

    public double? Recall { get; init; }

    public double? F1 { get; init; }

    public double? TopDecileLift { get; init; }

    public double? Rmse { get; init; }

    public double? Mae { get; init; }

    public double? R2 { get; init; }

    public double? Spearman { get; init; }

    public double? NormalizedGini { get; init; }

    public double? DecileMape { get; init; }

    /// <summary>All binary metrics of probabilities against 0/1 labels, precision/recall/F1 at <paramref name="threshold"/>.</summary>
    public static MetricSet ForBinary(ReadOnlySpan<double> label, ReadOnlySpan<double> probability, double threshold = 0.5, ReadOnlySpan<double> weight = default)
    {
        var confusion = BinaryMetrics.Confusion(label, probability, threshold, weight);
        var bothClasses = confusion.TruePositives + confusion.FalseNegatives > 0 && confusion.TrueNegatives + confusion.FalsePositives > 0;

        // One ordering of the scores serves the ROC and precision-recall curves and the top decile (a sort of every row
        // is most of these metrics' cost); each gives what it gives with its own sort, since the order is unique.
        var counts = bothClasses ? ThresholdCounts.Compute(label, probability, weight) : null;
        return new MetricSet
        {
            Rows = label.Length,
            Threshold = threshold,
            RocAuc = counts is null ? null : BinaryMetrics.RocAuc(counts),
            PrAuc = counts is null ? null : BinaryMetrics.AveragePrecision(counts),
            LogLoss = BinaryMetrics.LogLoss(label, probability, weight),
            Brier = BinaryMetrics.Brier(label, probability, weight),
            Precision = confusion.Precision,
            Recall = confusion.Recall,
            F1 = confusion.F1,
            TopDecileLift = counts is null ? null : DecileTable.Build(label, counts.Order, probability)[0].Lift,
        };
    }

    /// <summary>All regression metrics of predictions against real labels.</summary>
    public static MetricSet ForRegression(ReadOnlySpan<double> label, ReadOnlySpan<double> prediction, ReadOnlySpan<double> weight = default)
    {
        var varying = false;
        var total = 0.0;
        for (var i = 0; i < label.Length; i++)
        {
            varying |= label[i] != label[0];
            total += label[i];
        }

        return new MetricSet
        {
            Rows = label.Length,
            Rmse = RegressionMetrics.Rmse(label, prediction, weight),
            Mae = RegressionMetrics.Mae(label, prediction, weight),
            R2 = RegressionMetrics.R2(label, prediction, weight),
            Spearman = varying ? RegressionMetrics.Spearman(label, prediction) : null,
            NormalizedGini = varying && total != 0 ? RegressionMetrics.NormalizedGini(label, prediction) : null,
            DecileMape = RegressionMetrics.DecileMape(label, prediction),
        };
    }

    /// <summary>The value of the metric named <paramref name="key"/> (snake_case), or <c>null</c> when absent.</summary>
    public double? Get(string key) => key switch
    {
        "roc_auc" => RocAuc,
        "pr_auc" => PrAuc,
        "log_loss" => LogLoss,
        "brier" => Brier,
        "precision" => Precision,
        "recall" => Recall,
        "f1" => F1,
        "top_decile_lift" => TopDecileLift,
        "rmse" => Rmse,
        "mae" => Mae,
        "r2" => R2,
        "spearman" => Spearman,
        "normalized_gini" => NormalizedGini,
        "decile_mape" => DecileMape,
        _ => throw new ArgumentException($"Unknown metric '{key}'. Known: {string.Join(", ", Keys)}.", nameof(key)),
    };

    /// <summary>Whether a larger value of metric <paramref name="key"/> is better.</summary>
    public static bool HigherIsBetter(string key) => key switch
    {
        "log_loss" or "brier" or "rmse" or "mae" or "decile_mape" => false,
        _ when Keys.Contains(key) => true,
        _ => throw new ArgumentException($"Unknown metric '{key}'. Known: {string.Join(", ", Keys)}.", nameof(key)),
    };

    /// <summary>The present metrics as (key, value) pairs in <see cref="Keys"/> order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Present()
    {
        var result = new List<KeyValuePair<string, double>>();
        foreach (var key in Keys)
        {
            if (Get(key) is { } v)
            {
                result.Add(new KeyValuePair<string, double>(key, v));
            }
        }

        return result;
    }

    /// <summary>The mean of each metric over <paramref name="sets"/> (present in all of them), e.g. over folds.</summary>
    public static MetricSet Mean(IReadOnlyList<MetricSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentOutOfRangeException.ThrowIfZero(sets.Count);
        double? Avg(Func<MetricSet, double?> pick)
        {
            var sum = 0.0;
            foreach (var s in sets)
            {
                if (pick(s) is not { } v)
                {
                    return null;
                }

                sum += v;
            }

            return sum / sets.Count;
        }

        var rows = 0;
        foreach (var s in sets)
        {
            rows += s.Rows;
        }

        return new MetricSet
        {
            Rows = rows,
            Threshold = Avg(s => s.Threshold),
            RocAuc = Avg(s => s.RocAuc),
            PrAuc = Avg(s => s.PrAuc),
            LogLoss = Avg(s => s.LogLoss),
            Brier = Avg(s => s.Brier),
            Precision = Avg(s => s.Precision),
            Recall = Avg(s => s.Recall),
            F1 = Avg(s => s.F1),
            TopDecileLift = Avg(s => s.TopDecileLift),
            Rmse = Avg(s => s.Rmse),
            Mae = Avg(s => s.Mae),
            R2 = Avg(s => s.R2),
            Spearman = Avg(s => s.Spearman),
            NormalizedGini = Avg(s => s.NormalizedGini),
            DecileMape = Avg(s => s.DecileMape),
        };
    }

    /// <summary>Indented JSON with snake_case keys; absent metrics are left out.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads JSON written by <see cref="ToJson"/>.</summary>
    public static MetricSet FromJson(string json) =>
        JsonSerializer.Deserialize<MetricSet>(json, JsonOptions) ?? throw new JsonException("The metrics JSON is null.");
}
