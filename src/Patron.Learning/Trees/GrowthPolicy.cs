namespace Patron.Learning.Trees;

/// <summary>The order in which a tree's nodes are split.</summary>
public enum GrowthPolicy
{
    /// <summary>Every node that can be split is split, down to the maximum depth (XGBoost's default).</summary>
    DepthWise,

    /// <summary>Best-first: the leaf whose split gains most is split next, until the maximum number of leaves
    /// (LightGBM's default).</summary>
    LeafWise,
}
