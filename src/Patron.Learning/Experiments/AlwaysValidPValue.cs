namespace Patron.Learning.Experiments;

/// <summary>The always-valid p-value of a difference in means: the mixture sequential probability ratio test.</summary>
/// <remarks>
/// Johari, Koomen, Pekelis and Walsh (2017), "Peeking at A/B tests": with the lift estimate θ̂, its variance s² and a
/// normal mixing distribution N(0, τ²) over the true lift, the likelihood ratio against no lift is
/// Λ = √(s²/(s² + τ²)) · exp(θ̂² τ² / (2 s² (s² + τ²))). The p-value after each look is min(1, 1/Λ) and the running
/// minimum over looks; rejecting when it falls below α keeps the false-positive rate at α however often a team looks.
/// τ² is the scale of lifts worth finding: here the square of the smallest effect the design aims at.
/// </remarks>
public static class AlwaysValidPValue
{
    /// <summary>min(1, 1/Λ) for one look at the data.</summary>
    public static double AtLook(ArmSummary control, ArmSummary treatment, double mixingVariance)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mixingVariance);
        var s2 = control.MeanVariance + treatment.MeanVariance;
        var theta = treatment.Mean - control.Mean;
        if (!(s2 > 0))
        {
            return theta == 0 || double.IsNaN(theta) ? 1 : 0;
        }

        var logLambda = 0.5 * Math.Log(s2 / (s2 + mixingVariance)) + theta * theta * mixingVariance / (2 * s2 * (s2 + mixingVariance));
        return Math.Min(1, Math.Exp(-logLambda));
    }

    /// <summary>The running minimum of <see cref="AtLook"/> over successive looks, the value valid at the last one.</summary>
    public static double OverLooks(IEnumerable<(ArmSummary Control, ArmSummary Treatment)> looks, double mixingVariance)
    {
        ArgumentNullException.ThrowIfNull(looks);
        var p = 1.0;
        foreach (var (control, treatment) in looks)
        {
            if (control.Count >= 2 && treatment.Count >= 2)
            {
                p = Math.Min(p, AtLook(control, treatment, mixingVariance));
            }
        }

        return p;
    }
}
