namespace Patron.Learning.Data;

/// <summary>How a feature column is interpreted by the learners.</summary>
public enum FeatureKind
{
    /// <summary>A real number; NaN means missing.</summary>
    Numeric,

    /// <summary>A category stored as its level code (0, 1, ...) in the column; NaN means missing or unseen.</summary>
    Categorical,

    /// <summary>0 or 1; NaN means missing.</summary>
    Boolean,
}
