namespace Patron.Learning.Drift;

/// <summary>Names of the statistic a column's verdict rests on, as written in drift JSON.</summary>
public static class DriftMethod
{
    /// <summary>Two-sample Kolmogorov-Smirnov p-value (numeric, small reference).</summary>
    public const string KolmogorovSmirnov = "ks";

    /// <summary>Chi-squared p-value (categorical or few-valued, small reference).</summary>
    public const string ChiSquared = "chi_squared";

    /// <summary>Wasserstein distance over the reference's standard deviation (numeric, large reference).</summary>
    public const string WassersteinNormalized = "wasserstein_normalized";

    /// <summary>Jensen-Shannon distance (categorical or few-valued, large reference).</summary>
    public const string JensenShannon = "jensen_shannon";

    /// <summary>Not judged: a side has no value.</summary>
    public const string None = "none";
}
