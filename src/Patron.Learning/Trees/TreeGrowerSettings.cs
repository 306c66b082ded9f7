namespace Patron.Learning.Trees;

/// <summary>The knobs of one tree's growth, shared by gradient boosting and random forests.</summary>
internal sealed record TreeGrowerSettings
{
    /// <summary>Maximum depth (root = 0); 0 means unlimited.</summary>
    public int MaxDepth { get; init; } = 6;

    /// <summary>Maximum number of leaves for leaf-wise growth; 0 means unlimited.</summary>
    public int MaxLeaves { get; init; }

    public GrowthPolicy Growth { get; init; } = GrowthPolicy.DepthWise;

    /// <summary>L2 penalty on leaf values (XGBoost's lambda).</summary>
    public double Lambda { get; init; } = 1.0;

    /// <summary>Smallest hessian sum a child may have.</summary>
    public double MinChildWeight { get; init; } = 1.0;

    /// <summary>Smallest loss reduction a split must bring (XGBoost's gamma).</summary>
    public double MinSplitGain { get; init; }

    /// <summary>Largest absolute leaf value before shrinkage; 0 turns the cap off.</summary>
    public double MaxDeltaStep { get; init; }

    /// <summary>Factor applied to every leaf value (the learning rate; 1 for forests).</summary>
    public double LeafScale { get; init; } = 1.0;

    /// <summary>Categorical features with at most this many categories present in a node are split one-vs-rest.</summary>
    public int MaxCategoriesOneHot { get; init; } = 4;

    /// <summary>Largest number of categories on the smaller side of a sorted categorical split.</summary>
    public int MaxCategoryThreshold { get; init; } = 32;

    /// <summary>Added to the hessian when categories are ordered by gradient/hessian, so rare categories do not jump to
    /// the ends of the order (LightGBM's cat_smooth).</summary>
    public double CategorySmoothing { get; init; } = 10.0;

    /// <summary>Extra L2 on both sides of a sorted category-set split: a set picked among many orderings needs more
    /// evidence than a threshold (LightGBM's cat_l2).</summary>
    public double CategoryL2 { get; init; } = 10.0;

    /// <summary>Fraction of the tree's features offered to each split (random forests); 1 means all.</summary>
    public double FeatureFractionPerNode { get; init; } = 1.0;

    /// <summary>Whether node cover is the hessian sum (forests: weighted bootstrap count) or the row count.</summary>
    public bool CoverFromHessian { get; init; }

    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Per feature index: +1 = the tree's output may only rise with the feature, -1 = only fall, 0 = free;
    /// null = no constraint (see TreeGrower.Monotone.cs).</summary>
    public int[]? Monotone { get; init; }
}
