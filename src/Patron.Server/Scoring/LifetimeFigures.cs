namespace Patron.Server.Scoring;

/// <summary>A what-if row's lifetime figures: P(alive), expected purchases over the horizon, and the repeat probability
/// and CLV when the run scored those tasks with its lifetime models (else null).</summary>
internal readonly record struct LifetimeFigures(double PAlive, double ExpectedPurchases, double? RepeatProbability, double? PredictedClv);
