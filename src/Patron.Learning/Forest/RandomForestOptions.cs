using Patron.Learning.Boosting;
using Patron.Learning.Trees;

namespace Patron.Learning.Forest;

/// <summary>Settings of a random forest grown on the shared histogram tree code.</summary>
public sealed record RandomForestOptions
{
    /// <summary>Binary (averaged leaf probabilities) or regression (averaged leaf means).</summary>
    public TaskKind Task { get; init; } = TaskKind.Binary;

    public int Trees { get; init; } = 100;

    /// <summary>Maximum depth; 0 = grow until leaves are pure or hit <see cref="MinSamplesLeaf"/>.</summary>
    public int MaxDepth { get; init; } = 12;

    /// <summary>Smallest (bootstrap-weighted) number of rows in a leaf.</summary>
    public double MinSamplesLeaf { get; init; } = 1;

    /// <summary>Fraction of features offered to each split (or each tree, see <see cref="SampleFeaturesPerTree"/>);
    /// 0 = the customary sqrt(features)/features for binary tasks and 1/3 for regression.</summary>
    public double FeatureFraction { get; init; }

    /// <summary>Draw the feature subset once per tree instead of at every split.</summary>
    public bool SampleFeaturesPerTree { get; init; }

    /// <summary>Draw rows with replacement (bootstrap); otherwise every tree sees every row.</summary>
    public bool Bootstrap { get; init; } = true;

    /// <summary>Size of each bootstrap sample as a fraction of the rows, in (0, 1].</summary>
    public double SampleFraction { get; init; } = 1.0;

    public int MaxBins { get; init; } = 255;

    public long Seed { get; init; }

    /// <summary>Threads used (trees are grown in parallel); -1 = all cores. The model does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        GradientBoostingOptions.Require(Trees >= 1, nameof(Trees), Trees, "at least 1");
        GradientBoostingOptions.Require(MaxDepth >= 0 && MaxDepth <= 64, nameof(MaxDepth), MaxDepth, "in 0..64");
        GradientBoostingOptions.Require(MinSamplesLeaf > 0 && double.IsFinite(MinSamplesLeaf), nameof(MinSamplesLeaf), MinSamplesLeaf, "finite and > 0");
        GradientBoostingOptions.Require(FeatureFraction >= 0 && FeatureFraction <= 1, nameof(FeatureFraction), FeatureFraction, "in [0, 1] (0 = default)");
        GradientBoostingOptions.Require(SampleFraction > 0 && SampleFraction <= 1, nameof(SampleFraction), SampleFraction, "in (0, 1]");
        GradientBoostingOptions.Require(MaxBins >= 2 && MaxBins <= BinMapper.MaxBinLimit, nameof(MaxBins), MaxBins, "in 2..255");
        GradientBoostingOptions.Require(MaxDegreeOfParallelism == -1 || MaxDegreeOfParallelism >= 1, nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "-1 or positive");
    }

    internal double EffectiveFeatureFraction(int features)
    {
        if (FeatureFraction > 0)
        {
            return FeatureFraction;
        }

        return Task == TaskKind.Binary ? Math.Sqrt(features) / features : 1.0 / 3.0;
    }
}
