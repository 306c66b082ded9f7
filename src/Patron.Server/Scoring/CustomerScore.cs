namespace Patron.Server.Scoring;

/// <summary>The scores of one what-if customer row: each task's prediction (null when the run has no such model) and
/// the reasons behind the churn score. When the run scored repeat or CLV with its lifetime models (BG/NBD, Gamma-Gamma),
/// those come from the row's lifetime inputs, with P(alive) and the expected purchases; without the inputs they are
/// null and <see cref="LifetimeUnavailable"/> says why.</summary>
public sealed record CustomerScore(
    double? ChurnProbability,
    string? ChurnRiskBand,
    double? RepeatProbability,
    double? HighValueProbability,
    double? PredictedClv,
    IReadOnlyList<string> Reasons)
{
    /// <summary>P(alive) from BG/NBD, or null without lifetime models or inputs.</summary>
    public double? PAlive { get; init; }

    /// <summary>Expected purchases over the label horizon from BG/NBD, or null without lifetime models or inputs.</summary>
    public double? ExpectedPurchases { get; init; }

    /// <summary>Why the lifetime figures are missing from this row (the inputs the run's lifetime models need), or null.</summary>
    public string? LifetimeUnavailable { get; init; }
}
