namespace Patron.Learning.Selection;

/// <summary>The rows a scorer candidate is asked to score.</summary>
public enum EvaluationPhase
{
    /// <summary>The out-of-time test rows (<see cref="EvaluationView.OutOfTimeTest"/>).</summary>
    OutOfTime,

    /// <summary>The cross-validation rows (<see cref="EvaluationView.CrossValidation"/>).</summary>
    CrossValidation,

    /// <summary>The rows the chosen candidate scores after the refit (<see cref="EvaluationView.Score"/>).</summary>
    Scoring,
}
