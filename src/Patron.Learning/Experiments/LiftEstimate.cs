namespace Patron.Learning.Experiments;

/// <summary>The treatment-versus-control comparison of one metric.</summary>
/// <param name="Control">The control arm's summary.</param>
/// <param name="Treatment">The treatment arm's summary.</param>
/// <param name="AbsoluteLift">mean(treatment) − mean(control).</param>
/// <param name="RelativeLift">mean(treatment) / mean(control) − 1 (NaN when the control mean is 0).</param>
/// <param name="CiLow">Lower end of the confidence interval of the absolute lift.</param>
/// <param name="CiHigh">Upper end of the confidence interval of the absolute lift.</param>
/// <param name="RelativeCiLow">Lower end of the delta-method interval of the relative lift.</param>
/// <param name="RelativeCiHigh">Upper end of the delta-method interval of the relative lift.</param>
/// <param name="Statistic">The test statistic (Welch's t, or z for proportions).</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom; infinity for the z test.</param>
/// <param name="PValue">Two-sided p-value of no difference.</param>
public sealed record LiftEstimate(
    ArmSummary Control,
    ArmSummary Treatment,
    double AbsoluteLift,
    double RelativeLift,
    double CiLow,
    double CiHigh,
    double RelativeCiLow,
    double RelativeCiHigh,
    double Statistic,
    double DegreesOfFreedom,
    double PValue);
