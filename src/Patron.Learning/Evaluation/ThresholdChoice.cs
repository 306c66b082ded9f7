namespace Patron.Learning.Evaluation;

/// <summary>A chosen decision threshold, the objective value it reaches and its confusion matrix.</summary>
/// <param name="Threshold">Predict positive (contact) when the score is ≥ this; +∞ means contact nobody.</param>
/// <param name="Objective">F1, or expected profit in currency units.</param>
/// <param name="Confusion">Counts at the threshold.</param>
public sealed record ThresholdChoice(double Threshold, double Objective, ConfusionMatrix Confusion);
