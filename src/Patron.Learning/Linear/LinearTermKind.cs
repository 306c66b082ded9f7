namespace Patron.Learning.Linear;

/// <summary>What a design column of a linear model is made from.</summary>
public enum LinearTermKind
{
    /// <summary>The feature's value, with missing cells replaced by the training median.</summary>
    Value,

    /// <summary>1 when the categorical feature holds the term's level, else 0 (one-hot).</summary>
    Level,

    /// <summary>1 when the feature is missing (or, for categorical features, unseen), else 0.</summary>
    Missing,
}
