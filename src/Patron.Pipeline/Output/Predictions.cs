using Patron.Features.Frames;
using Patron.Features.Lifetime;
using Patron.Features.Rules;
using Patron.Features.Segments;
using Patron.Pipeline.Explain;
using Patron.Pipeline.Tasks;

namespace Patron.Pipeline.Output;

/// <summary>One row per customer at the scoring cutoff, column by column (docs/run-folder.md, predictions.csv).</summary>
/// <remarks>Arrays of tasks that did not run are null, and their columns are left out.</remarks>
internal sealed class Predictions
{
    public const double MediumRisk = 0.33;
    public const double HighRisk = 0.66;
    private const string WinBack = "Win back now: a personal message and the best offer before they lapse.";

    public required string[] Ids { get; init; }

    public required string[] Segments { get; init; }

    public required string[] Actions { get; init; }

    public required double[] Monetary { get; init; }

    public double[]? Churn { get; init; }

    public double[]? Repeat { get; init; }

    public double[]? HighValue { get; init; }

    public bool[]? HighValueFlag { get; init; }

    public double[]? Clv { get; init; }

    public double[]? ClvLower { get; init; }

    public double[]? ClvUpper { get; init; }

    public double[]? PAlive { get; init; }

    public double[]? ExpectedPurchases { get; init; }

    /// <summary>P(top 5 % of spend over the early horizon) of the customers new in the 30 days before the scoring
    /// cutoff; NaN for every other customer (early_high_value task).</summary>
    public double[]? EarlyHighValue { get; set; }

    public string[][]? Reasons { get; init; }

    /// <summary>Each customer's next products, best first (empty when none); null when the run has no cross-sell.</summary>
    public ProductSuggestion[][]? NextProducts { get; init; }

    public int Count => Ids.Length;

    public static string RiskBand(double probability) => probability < MediumRisk ? "low" : probability < HighRisk ? "medium" : "high";

    /// <summary>Assembles the table from the task outcomes over the scoring frame; <paramref name="nextProducts"/> are
    /// the customers' next products in the frame's row order.</summary>
    public static Predictions Build(CustomerFrame frame, IReadOnlyDictionary<string, TaskOutcome> outcomes, LifetimeScores? lifetime, int horizonDays,
        ProductSuggestion[][]? nextProducts = null) => Build(frame, outcomes, lifetime, horizonDays, () => nextProducts);

    /// <summary>Assembles the table as the overload with the next products given does, asking for them only once the
    /// churn reasons are computed (so they can be read beside the reasons).</summary>
    public static Predictions Build(CustomerFrame frame, IReadOnlyDictionary<string, TaskOutcome> outcomes, LifetimeScores? lifetime, int horizonDays,
        Func<ProductSuggestion[][]?> nextProducts)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(nextProducts);
        var n = frame.Count;
        var churn = outcomes.GetValueOrDefault("churn");
        var highValue = outcomes.GetValueOrDefault("high_value");
        var clv = outcomes.GetValueOrDefault("clv");
        var segments = new string[n];
        var raw = frame.Segments;
        for (var i = 0; i < n; i++)
        {
            segments[i] = raw[i] ?? "";
        }

        var monetary = frame.Numeric("net_revenue");
        var clvScores = clv?.Scores;
        var actions = ChooseActions(segments, churn?.Scores, clvScores ?? monetary);
        var reasons = churn is { Explainer: { } explainer, ExplainerMatrix: { } matrix } ? ChurnReasons.Compute(explainer, matrix) : null;
        return new Predictions
        {
            Ids = frame.Ids,
            Segments = segments,
            Actions = actions,
            Monetary = monetary,
            Churn = churn?.Scores,
            Repeat = outcomes.GetValueOrDefault("repeat")?.Scores,
            HighValue = highValue?.Scores,
            HighValueFlag = highValue is null ? null : TopShare(highValue.Scores, highValue.PositiveRate),
            Clv = clvScores,
            ClvLower = clv?.Interval?.Lower,
            ClvUpper = clv?.Interval?.Upper,
            PAlive = lifetime?.Column("p_alive"),
            ExpectedPurchases = lifetime?.Column("expected_purchases_" + LifetimeScores.Suffix(horizonDays)),
            NextProducts = nextProducts(),
            Reasons = reasons,
        };
    }

    /// <summary>The <c>next_products</c> cell: product ids best first, joined by <c>|</c>.</summary>
    public static string NextProductIds(ProductSuggestion[] products)
    {
        if (products.Length == 0)
        {
            return "";
        }

        var ids = new string[products.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = products[i].ItemId;
        }

        return string.Join('|', ids);
    }

    private static string[] ChooseActions(string[] segments, double[]? churn, double[] value)
    {
        var valueCut = Quantile(value, 0.8);
        var actions = new string[segments.Length];
        var cache = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Length; i++)
        {
            if (churn is not null && churn[i] >= HighRisk && value[i] >= valueCut && value[i] > 0)
            {
                // A valuable customer the model expects to lose outranks what the segment alone would suggest.
                actions[i] = WinBack;
                continue;
            }

            var segment = segments[i];
            if (!cache.TryGetValue(segment, out var action))
            {
                action = segment.Length == 0 ? "" : SegmentAction(segment);
                cache[segment] = action;
            }

            actions[i] = action;
        }

        return actions;
    }

    private static string SegmentAction(string segment)
    {
        foreach (var s in RfmSegments.All)
        {
            if (string.Equals(s.Name, segment, StringComparison.Ordinal))
            {
                return s.Action;
            }
        }

        return "";
    }

    /// <summary>Flags the <paramref name="share"/> of customers with the highest scores (the label's own base rate).</summary>
    private static bool[] TopShare(double[] scores, double share)
    {
        var cut = Quantile(scores, 1 - (double.IsNaN(share) ? 0.25 : share));
        var flags = new bool[scores.Length];
        for (var i = 0; i < flags.Length; i++)
        {
            flags[i] = scores[i] >= cut;
        }

        return flags;
    }

    internal static double Quantile(double[] values, double q) => Quantiles(values, [q])[0];

    /// <summary>Each of <paramref name="qs"/> as <see cref="Quantile"/> gives it, from one sort of the values.</summary>
    internal static double[] Quantiles(double[] values, ReadOnlySpan<double> qs)
    {
        var sorted = new double[values.Length];
        var k = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                sorted[k++] = v;
            }
        }

        var result = new double[qs.Length];
        if (k == 0)
        {
            Array.Fill(result, double.NaN);
            return result;
        }

        Array.Sort(sorted, 0, k);
        for (var n = 0; n < qs.Length; n++)
        {
            var position = Math.Clamp(qs[n], 0, 1) * (k - 1);
            var i = (int)Math.Floor(position);
            var j = Math.Min(i + 1, k - 1);
            result[n] = sorted[i] + (position - i) * (sorted[j] - sorted[i]);
        }

        return result;
    }
}
