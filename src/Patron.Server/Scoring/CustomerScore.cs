namespace Patron.Server.Scoring;

/// <summary>The scores of one what-if customer row: each task's prediction (null when the run has no such model) and
/// the reasons behind the churn score.</summary>
public sealed record CustomerScore(
    double? ChurnProbability,
    string? ChurnRiskBand,
    double? RepeatProbability,
    double? HighValueProbability,
    double? PredictedClv,
    IReadOnlyList<string> Reasons);
