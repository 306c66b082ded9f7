using Patron.Learning.Evaluation;

namespace Patron.Learning.Selection;

/// <summary>A candidate's record: metrics out of time and by cross-validation, and its out-of-time predictions.</summary>
/// <param name="Candidate">The candidate as evaluated (a boosting learner with its round count fixed by early stopping).</param>
/// <param name="OutOfTime">Metrics on the out-of-time test rows, or null without an out-of-time split.</param>
/// <param name="CrossValidation">Mean of the fold metrics, or null without cross-validation.</param>
/// <param name="OutOfTimePredictions">Predictions of the out-of-time test rows, or null.</param>
/// <param name="Folds">The learner's full cross-validation (out-of-fold predictions, folds), or null for scorers.</param>
public sealed record CandidateResult(
    ModelCandidate Candidate,
    MetricSet? OutOfTime,
    MetricSet? CrossValidation,
    double[]? OutOfTimePredictions,
    CrossValidationResult? Folds)
{
    /// <summary>The value that takes part in the choice: out of time when measured so, else the fold mean.</summary>
    public double? Judged(string metric, bool outOfTime) =>
        (outOfTime ? OutOfTime : CrossValidation)?.Get(metric) is { } v && !double.IsNaN(v) ? v : null;
}
