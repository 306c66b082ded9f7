namespace Patron.Learning.Selection;

/// <summary>The outcome of the choice rule.</summary>
/// <param name="Chosen">The result the run uses: the best model, or the baseline when no model beats it.</param>
/// <param name="Baseline">The baseline's result, or null when the selection has none.</param>
/// <param name="BestModel">The best non-baseline result, or null when none was measured.</param>
/// <param name="BaselineKept">Whether the baseline is used because no model beats it.</param>
/// <param name="Reason">Why, in words ("baseline kept: ..." when <paramref name="BaselineKept"/>).</param>
public sealed record ModelChoice(CandidateResult Chosen, CandidateResult? Baseline, CandidateResult? BestModel, bool BaselineKept, string Reason);
