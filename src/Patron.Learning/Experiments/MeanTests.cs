using Patron.Learning.Statistics;

namespace Patron.Learning.Experiments;

/// <summary>Two-sample tests of a difference in means: Welch's t for continuous metrics, the two-proportion z test for conversion.</summary>
/// <remarks>
/// Welch: t = (x̄_T − x̄_C) / √(s²_T/n_T + s²_C/n_C) with Welch–Satterthwaite degrees of freedom, and the interval
/// (x̄_T − x̄_C) ± t_{ν, 1−α/2}·se (as SciPy's <c>ttest_ind(equal_var=False)</c>). Proportions: z with the pooled
/// proportion under the null (statsmodels' <c>proportions_ztest</c>), the interval with unpooled variances (Wald, as
/// <c>confint_proportions_2indep(method="wald")</c>). The relative lift's interval is the delta method's:
/// Var(x̄_T/x̄_C) ≈ s²_T/(n_T x̄_C²) + x̄_T² s²_C/(n_C x̄_C⁴), with normal quantiles.
/// </remarks>
public static class MeanTests
{
    /// <summary>Welch's unequal-variance t test of treatment against control.</summary>
    public static LiftEstimate Welch(ArmSummary control, ArmSummary treatment, double alpha = 0.05)
    {
        CheckArms(control, treatment, 2);
        CheckAlpha(alpha);
        var vc = control.MeanVariance;
        var vt = treatment.MeanVariance;
        var se2 = vc + vt;
        var diff = treatment.Mean - control.Mean;
        var df = se2 * se2 / (vt * vt / (treatment.Count - 1) + vc * vc / (control.Count - 1));
        if (!(se2 > 0))
        {
            // Both arms constant: no spread to test against.
            return Degenerate(control, treatment, diff, alpha);
        }

        var se = Math.Sqrt(se2);
        var t = diff / se;
        var half = StudentT.Quantile(1 - alpha / 2, df) * se;
        var (rLow, rHigh) = RelativeInterval(control, treatment, alpha);
        return new LiftEstimate(control, treatment, diff, Relative(control, treatment), diff - half, diff + half, rLow, rHigh, t, df, StudentT.TwoSidedPValue(t, df));
    }

    /// <summary>The two-proportion z test of conversion counts.</summary>
    public static LiftEstimate TwoProportions(long controlConversions, long controlCount, long treatmentConversions, long treatmentCount, double alpha = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(controlConversions);
        ArgumentOutOfRangeException.ThrowIfNegative(treatmentConversions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(controlConversions, controlCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(treatmentConversions, treatmentCount);
        CheckAlpha(alpha);
        double pc = (double)controlConversions / controlCount, pt = (double)treatmentConversions / treatmentCount;
        var control = new ArmSummary(controlCount, pc, controlCount > 1 ? pc * (1 - pc) * controlCount / (controlCount - 1) : double.NaN);
        var treatment = new ArmSummary(treatmentCount, pt, treatmentCount > 1 ? pt * (1 - pt) * treatmentCount / (treatmentCount - 1) : double.NaN);
        CheckArms(control, treatment, 1);
        var diff = pt - pc;
        var pooled = (double)(controlConversions + treatmentConversions) / (controlCount + treatmentCount);
        var pooledSe = Math.Sqrt(pooled * (1 - pooled) * (1.0 / controlCount + 1.0 / treatmentCount));
        var waldSe = Math.Sqrt(pc * (1 - pc) / controlCount + pt * (1 - pt) / treatmentCount);
        if (!(pooledSe > 0))
        {
            return Degenerate(control, treatment, diff, alpha);
        }

        var z = diff / pooledSe;
        var half = Normal.Quantile(1 - alpha / 2) * waldSe;
        // The delta method on proportions uses the Bernoulli variance p(1 − p) per unit.
        var (rLow, rHigh) = RelativeInterval(control with { Variance = pc * (1 - pc) }, treatment with { Variance = pt * (1 - pt) }, alpha);
        return new LiftEstimate(control, treatment, diff, Relative(control, treatment), diff - half, diff + half, rLow, rHigh, z, double.PositiveInfinity, 2 * Normal.Survival(Math.Abs(z)));
    }

    private static LiftEstimate Degenerate(ArmSummary control, ArmSummary treatment, double diff, double alpha)
    {
        var (rLow, rHigh) = RelativeInterval(control, treatment, alpha);
        var p = diff == 0 ? 1.0 : 0.0;
        var statistic = diff == 0 ? 0.0 : Math.CopySign(double.PositiveInfinity, diff);
        return new LiftEstimate(control, treatment, diff, Relative(control, treatment), diff, diff, rLow, rHigh, statistic, double.NaN, p);
    }

    private static double Relative(ArmSummary control, ArmSummary treatment) =>
        control.Mean == 0 ? double.NaN : treatment.Mean / control.Mean - 1;

    private static (double Low, double High) RelativeInterval(ArmSummary control, ArmSummary treatment, double alpha)
    {
        if (control.Mean == 0)
        {
            return (double.NaN, double.NaN);
        }

        var mc = control.Mean;
        var ratio = treatment.Mean / mc;
        var variance = treatment.MeanVariance / (mc * mc) + ratio * ratio * control.MeanVariance / (mc * mc);
        var half = Normal.Quantile(1 - alpha / 2) * Math.Sqrt(variance);
        return (ratio - 1 - half, ratio - 1 + half);
    }

    private static void CheckArms(ArmSummary control, ArmSummary treatment, int minimum)
    {
        if (control.Count < minimum || treatment.Count < minimum)
        {
            throw new ArgumentException($"Each arm needs at least {minimum} unit(s); control has {control.Count}, treatment {treatment.Count}.");
        }
    }

    private static void CheckAlpha(double alpha)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The significance level must lie strictly between 0 and 1.");
        }
    }
}
