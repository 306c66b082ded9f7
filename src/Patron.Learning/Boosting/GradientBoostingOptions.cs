using Patron.Learning.Data;
using Patron.Learning.Trees;

namespace Patron.Learning.Boosting;

/// <summary>Settings of gradient-boosted trees; defaults follow XGBoost's (depth 6, learning rate 0.3 lowered to 0.1,
/// lambda 1, min child weight 1, 255 bins).</summary>
/// <remarks>Call <see cref="Validate"/> (the learner does) to get a clear error for an out-of-range value.</remarks>
public sealed record GradientBoostingOptions
{
    public BoostingLoss Loss { get; init; } = BoostingLoss.LogLoss;

    /// <summary>Number of boosting rounds (trees), the upper bound when early stopping is on.</summary>
    public int Rounds { get; init; } = 100;

    /// <summary>Shrinkage applied to every tree, in (0, 1].</summary>
    public double LearningRate { get; init; } = 0.1;

    public GrowthPolicy Growth { get; init; } = GrowthPolicy.DepthWise;

    /// <summary>Maximum depth; required (&gt; 0) for depth-wise growth, 0 = unlimited for leaf-wise growth.</summary>
    public int MaxDepth { get; init; } = 6;

    /// <summary>Maximum leaves per tree for leaf-wise growth (ignored depth-wise).</summary>
    public int MaxLeaves { get; init; } = 31;

    /// <summary>L2 penalty on leaf values.</summary>
    public double Lambda { get; init; } = 1.0;

    /// <summary>Smallest hessian sum in a child.</summary>
    public double MinChildWeight { get; init; } = 1.0;

    /// <summary>Smallest loss reduction for a split (gamma).</summary>
    public double MinSplitGain { get; init; }

    /// <summary>Cap on the absolute leaf value before shrinkage; 0 = none (a value near 0.7 steadies Poisson).</summary>
    public double MaxDeltaStep { get; init; }

    /// <summary>Fraction of rows drawn (without replacement) for each tree, in (0, 1].</summary>
    public double RowSample { get; init; } = 1.0;

    /// <summary>Fraction of features drawn for each tree, in (0, 1].</summary>
    public double ColumnSample { get; init; } = 1.0;

    /// <summary>Value bins per feature, 2..255 (a missing-value bin comes on top).</summary>
    public int MaxBins { get; init; } = 255;

    /// <summary>With a validation set: stop after this many rounds without improvement of the validation loss and keep
    /// the best round. 0 trains every round.</summary>
    public int EarlyStoppingRounds { get; init; } = 20;

    /// <summary>Variance power of the Tweedie loss, in (1, 2).</summary>
    public double TweedieVariancePower { get; init; } = 1.5;

    /// <summary>Categorical features with at most this many categories in a node are split one-vs-rest.</summary>
    public int MaxCategoriesOneHot { get; init; } = 4;

    public long Seed { get; init; }

    /// <summary>Monotone constraints by feature name, as XGBoost's <c>monotone_constraints</c>: +1 = predictions never
    /// fall as the feature rises (all else equal), -1 = never rise, 0 = free. Numeric features only; a name the training
    /// data does not have is an error. Null or empty = none.</summary>
    public IReadOnlyDictionary<string, int>? MonotoneConstraints { get; init; }

    /// <summary>Threads used; -1 = all cores. The model does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(Rounds >= 1, nameof(Rounds), Rounds, "at least 1");
        Require(LearningRate > 0 && LearningRate <= 1, nameof(LearningRate), LearningRate, "in (0, 1]");
        Require(MaxDepth >= 0 && MaxDepth <= 64, nameof(MaxDepth), MaxDepth, "in 0..64");
        Require(Growth != GrowthPolicy.DepthWise || MaxDepth > 0, nameof(MaxDepth), MaxDepth, "positive for depth-wise growth");
        Require(Growth != GrowthPolicy.LeafWise || MaxLeaves >= 2, nameof(MaxLeaves), MaxLeaves, "at least 2 for leaf-wise growth");
        Require(Lambda >= 0 && double.IsFinite(Lambda), nameof(Lambda), Lambda, "finite and >= 0");
        Require(MinChildWeight >= 0 && double.IsFinite(MinChildWeight), nameof(MinChildWeight), MinChildWeight, "finite and >= 0");
        Require(MinSplitGain >= 0 && double.IsFinite(MinSplitGain), nameof(MinSplitGain), MinSplitGain, "finite and >= 0");
        Require(MaxDeltaStep >= 0 && double.IsFinite(MaxDeltaStep), nameof(MaxDeltaStep), MaxDeltaStep, "finite and >= 0");
        Require(RowSample > 0 && RowSample <= 1, nameof(RowSample), RowSample, "in (0, 1]");
        Require(ColumnSample > 0 && ColumnSample <= 1, nameof(ColumnSample), ColumnSample, "in (0, 1]");
        Require(MaxBins >= 2 && MaxBins <= BinMapper.MaxBinLimit, nameof(MaxBins), MaxBins, "in 2..255");
        Require(EarlyStoppingRounds >= 0, nameof(EarlyStoppingRounds), EarlyStoppingRounds, ">= 0");
        Require(TweedieVariancePower > 1 && TweedieVariancePower < 2, nameof(TweedieVariancePower), TweedieVariancePower, "in (1, 2)");
        Require(MaxCategoriesOneHot >= 1, nameof(MaxCategoriesOneHot), MaxCategoriesOneHot, "at least 1");
        if (MonotoneConstraints is not null)
        {
            foreach (var (name, direction) in MonotoneConstraints)
            {
                Require(direction is -1 or 0 or 1, nameof(MonotoneConstraints), direction, $"-1, 0 or 1 for feature '{name}'");
            }
        }

        Require(MaxDegreeOfParallelism == -1 || MaxDegreeOfParallelism >= 1, nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "-1 or positive");
    }

    internal static void Require(bool condition, string name, object value, string expected)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {expected}; got {Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}.");
        }
    }

    internal IBoostingLoss CreateLoss() => Loss switch
    {
        BoostingLoss.LogLoss => new LogLoss(),
        BoostingLoss.SquaredError => new SquaredErrorLoss(),
        BoostingLoss.Poisson => new PoissonLoss(),
        BoostingLoss.Tweedie => new TweedieLoss(TweedieVariancePower),
        _ => throw new ArgumentOutOfRangeException(nameof(Loss), Loss, "Unknown loss."),
    };

    /// <summary>The constraints as one direction per feature of <paramref name="schema"/>; null when none applies.</summary>
    internal int[]? MonotoneFor(FeatureSchema schema)
    {
        if (MonotoneConstraints is null || MonotoneConstraints.Count == 0)
        {
            return null;
        }

        var result = new int[schema.Count];
        var any = false;
        foreach (var (name, direction) in MonotoneConstraints)
        {
            var index = schema.IndexOf(name);
            if (index < 0)
            {
                throw new ArgumentException($"A monotone constraint names the feature '{name}', which the training data does not have.", nameof(MonotoneConstraints));
            }

            if (direction != 0 && schema[index].Kind == FeatureKind.Categorical)
            {
                throw new ArgumentException($"A monotone constraint names the categorical feature '{name}'; only numeric features can be constrained.", nameof(MonotoneConstraints));
            }

            result[index] = direction;
            any |= direction != 0;
        }

        return any ? result : null;
    }

    internal TreeGrowerSettings ToGrowerSettings() => new()
    {
        MaxDepth = MaxDepth,
        MaxLeaves = Growth == GrowthPolicy.LeafWise ? MaxLeaves : 0,
        Growth = Growth,
        Lambda = Lambda,
        MinChildWeight = MinChildWeight,
        MinSplitGain = MinSplitGain,
        MaxDeltaStep = MaxDeltaStep,
        LeafScale = LearningRate,
        MaxCategoriesOneHot = MaxCategoriesOneHot,
        CoverFromHessian = false,
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
    };
}
