using Patron.Learning.Experiments;

namespace Patron.Pipeline.Experiments;

/// <summary>One metric's comparison of a treatment arm with control.</summary>
/// <param name="Metric">revenue, orders or conversion.</param>
/// <param name="Treatment">The treatment arm's name.</param>
/// <param name="Raw">The plain comparison (Welch, or two proportions for conversion).</param>
/// <param name="Cuped">The comparison of CUPED-adjusted outcomes, when asked for.</param>
/// <param name="HolmPValue">The p-value after Holm's correction across all metrics and arms.</param>
/// <param name="AlwaysValidPValue">The always-valid p-value over the weekly looks.</param>
/// <param name="VarianceReduction">The share of variance CUPED removed (NaN without CUPED).</param>
public sealed record MetricResult(string Metric, string Treatment, LiftEstimate Raw, LiftEstimate? Cuped, double HolmPValue, double AlwaysValidPValue, double VarianceReduction)
{
    /// <summary>The comparison the verdict reads: CUPED's when present.</summary>
    public LiftEstimate Headline => Cuped ?? Raw;
}
