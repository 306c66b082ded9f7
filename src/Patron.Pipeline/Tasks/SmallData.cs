using Patron.Learning.Boosting;
using Patron.Learning.Data;

namespace Patron.Pipeline.Tasks;

/// <summary>Learner settings scaled to the rows a task's models fit on, so a shop of a few thousand customers gets
/// shallower, more regularised trees and a stronger L2 on the logistic regression than one with millions (the rule is in
/// docs/pipeline.md, "Small-data defaults").</summary>
/// <remarks>Tree limits are given in rows and turned into hessian units with the mean hessian per row at the starting
/// score, so one rule fits the log loss (about p(1-p) per row) and the Tweedie loss on money (the square root of the mean
/// spend per row) alike.</remarks>
internal static class SmallData
{
    /// <summary>Below this many fit rows trees are one level shallower and get fewer rounds.</summary>
    public const int SmallRows = 5_000;

    /// <summary>From this many fit rows the logistic regression keeps C = 1 and the L2 on leaves is at its lowest.</summary>
    public const int LargeRows = 50_000;

    /// <summary>Gradient-boosting settings for <paramref name="rows"/> fit rows with labels <paramref name="y"/>.</summary>
    /// <param name="options">The run's options (rounds cap, seed).</param>
    /// <param name="loss">The loss.</param>
    /// <param name="rows">Rows the learner fits on.</param>
    /// <param name="y">Labels of those rows (for the mean starting hessian).</param>
    /// <param name="monotone">Monotone constraints by feature name, or null.</param>
    public static GradientBoostingOptions Boosting(PipelineOptions options, BoostingLoss loss, int rows, ReadOnlySpan<double> y, IReadOnlyDictionary<string, int>? monotone)
    {
        var defaults = new GradientBoostingOptions();
        var hessian = MeanStartingHessian(loss, y, defaults.TweedieVariancePower);
        return new GradientBoostingOptions
        {
            Loss = loss,
            Rounds = Rounds(options.BoostingRounds, rows),
            LearningRate = LearningRate(rows),
            MaxDepth = rows < SmallRows ? 3 : 4,
            MinChildWeight = MinChildRows(rows) * hessian,
            Lambda = LambdaRows(rows) * hessian,
            RowSample = RowSample(rows),
            ColumnSample = 0.8,
            Seed = options.Seed,
            MonotoneConstraints = monotone,
        };
    }

    /// <summary>Shrinkage per tree: 0.05, or 0.1 from <see cref="LargeRows"/> fit rows, where the trees' other settings
    /// have reached their large-data values and a fit's cost grows with its rounds (early stopping still picks the
    /// count; at 0.1 it needs about half the trees).</summary>
    public static double LearningRate(int rows) => rows >= LargeRows ? 0.1 : 0.05;

    /// <summary>Share of the rows each tree is grown on: 0.8, or 0.5 from <see cref="LargeRows"/> fit rows (a tree of
    /// depth 4 still sees at least 25,000 rows; the histograms cost in proportion to the rows).</summary>
    public static double RowSample(int rows) => rows >= LargeRows ? 0.5 : 0.8;

    /// <summary>Fewest rows' worth of hessian in a leaf: rows / 500, at least 20 (LightGBM's min_data_in_leaf) and at
    /// most 100.</summary>
    public static double MinChildRows(int rows) => Math.Clamp(rows / 500.0, 20, 100);

    /// <summary>L2 on leaf values in rows' worth of hessian: 10 up to 2,000 rows, falling log-linearly to 5 at
    /// <see cref="LargeRows"/> (5 rows' worth is about XGBoost's lambda = 1 for the log loss at a positive rate of a
    /// quarter).</summary>
    public static double LambdaRows(int rows) => 5 + (5 * (1 - Between(rows, 2_000, LargeRows)));

    /// <summary>The rounds cap: the run's, halved below 2,000 rows and rising log-linearly to the whole at
    /// <see cref="SmallRows"/> (early stopping still picks the count below the cap).</summary>
    public static int Rounds(int cap, int rows) => Math.Max(1, (int)Math.Round(cap * (0.5 + (0.5 * Between(rows, 2_000, SmallRows)))));

    /// <summary>The logistic regression's C (inverse L2): rows / <see cref="LargeRows"/>, at least 0.1 and at most 1.</summary>
    public static double LogisticC(int rows) => Math.Clamp(rows / (double)LargeRows, 0.1, 1);

    /// <summary>The directions of <paramref name="directions"/> that name features of <paramref name="schema"/>, each
    /// multiplied by <paramref name="sign"/>; null when none is left or the sign is 0.</summary>
    public static IReadOnlyDictionary<string, int>? Constraints(IReadOnlyDictionary<string, int> directions, int sign, FeatureSchema schema)
    {
        if (sign == 0)
        {
            return null;
        }

        var result = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, direction) in directions)
        {
            var index = schema.IndexOf(name);
            if (index >= 0 && schema[index].Kind != FeatureKind.Categorical)
            {
                result[name] = sign * direction;
            }
        }

        return result.Count == 0 ? null : result;
    }

    /// <summary>The mean per-row hessian of <paramref name="loss"/> at its starting score (the label mean μ): p(1-p) for
    /// the log loss, 1 for squared error, μ for Poisson and μ^(2-ρ) for Tweedie with power ρ (the mean over rows of
    /// -y(1-ρ)μ^(1-ρ) + (2-ρ)μ^(2-ρ)); a small floor keeps it positive.</summary>
    internal static double MeanStartingHessian(BoostingLoss loss, ReadOnlySpan<double> y, double tweediePower)
    {
        double sum = 0;
        foreach (var v in y)
        {
            sum += v;
        }

        var mean = y.Length == 0 ? 0 : sum / y.Length;
        var h = loss switch
        {
            BoostingLoss.LogLoss => mean * (1 - mean),
            BoostingLoss.Poisson => mean,
            BoostingLoss.Tweedie => Math.Pow(mean, 2 - tweediePower),
            _ => 1.0,
        };
        return Math.Max(h, 1e-3);
    }

    // 0 at or below lo, 1 at or above hi, log-linear between.
    private static double Between(int rows, int lo, int hi) =>
        rows <= lo ? 0 : rows >= hi ? 1 : Math.Log((double)rows / lo) / Math.Log((double)hi / lo);
}
