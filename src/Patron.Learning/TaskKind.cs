namespace Patron.Learning;

/// <summary>What a model predicts.</summary>
public enum TaskKind
{
    /// <summary>A probability of the positive class (labels 0 and 1).</summary>
    Binary,

    /// <summary>A real value such as spend.</summary>
    Regression,
}
