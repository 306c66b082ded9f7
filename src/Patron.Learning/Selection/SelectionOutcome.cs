using Patron.Learning.Evaluation;

namespace Patron.Learning.Selection;

/// <summary>Everything a selection produced: every candidate's record, the choice, and the chosen candidate refitted
/// with its scores.</summary>
/// <param name="Results">One per evaluated candidate, in the order given.</param>
/// <param name="Choice">The chosen result, the baseline and why.</param>
/// <param name="Model">The chosen learner refitted on the refit rows, or null for a baseline or scorer.</param>
/// <param name="Scores">The chosen candidate's scores of the rows to score (empty when nothing is scored).</param>
public sealed record SelectionOutcome(IReadOnlyList<CandidateResult> Results, ModelChoice Choice, IPredictor? Model, double[] Scores)
{
    /// <summary>The chosen candidate's result.</summary>
    public CandidateResult Chosen => Choice.Chosen;

    /// <summary>The chosen candidate's cross-validation, when it is a learner evaluated by folds.</summary>
    public CrossValidationResult? ChosenFolds => Choice.Chosen.Folds;

    /// <summary>The best learner refitted when the chosen candidate has no model of its own and
    /// <see cref="SelectionOptions.RefitBestLearnerToExplain"/> asks for it; else null.</summary>
    public IPredictor? BestLearnerModel { get; init; }
}
