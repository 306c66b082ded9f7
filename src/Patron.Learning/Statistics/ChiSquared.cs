namespace Patron.Learning.Statistics;

/// <summary>The chi-squared distribution with k degrees of freedom.</summary>
public static class ChiSquared
{
    /// <summary>P(X ≥ x): the p-value of a chi-squared statistic.</summary>
    public static double Survival(double x, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        return double.IsNaN(x) ? double.NaN : x <= 0 ? 1 : SpecialFunctions.GammaQ(0.5 * degreesOfFreedom, 0.5 * x);
    }
}
