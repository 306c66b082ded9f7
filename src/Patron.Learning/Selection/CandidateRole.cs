namespace Patron.Learning.Selection;

/// <summary>What a candidate is to the choice: the baseline every model must beat, a learner fitted on labels, or a
/// scorer that learns nothing from labels (a lifetime model, a fixed formula).</summary>
public enum CandidateRole
{
    /// <summary>The task's baseline: measured like the others, kept when no model beats it.</summary>
    Baseline,

    /// <summary>A learner fitted on the labelled rows.</summary>
    Learner,

    /// <summary>Scores from a function of the features; competes like a learner but is not fitted on labels.</summary>
    Scorer,

    /// <summary>The best learner blended with the baseline (<see cref="ModelCandidate.BlendOf"/>): mean rank for binary
    /// tasks, mean value for regression.</summary>
    Blend,
}
